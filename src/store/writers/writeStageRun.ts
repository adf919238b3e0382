import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One execution of a pipeline stage for a run. */
export interface StageRunRecord {
  readonly stage: string;
  /** The stage's cache key (see src/stages). */
  readonly fingerprint: string;
  readonly startedAt: Date;
  readonly finishedAt?: Date | null;
  /** e.g. 'running', 'done', 'cached', 'failed'. */
  readonly status: string;
}

/** Creates or replaces the record of one stage of a run. */
export async function writeStageRun(store: I2xStore, runId: string, record: StageRunRecord): Promise<void> {
  await store.replaceRows('stage_runs', runId, { stage: record.stage }, (target) =>
    target.appendColumns(
      1,
      recordColumns([record], {
        fingerprint: (s) => s.fingerprint,
        started_at: (s) => s.startedAt,
        finished_at: (s) => s.finishedAt,
        status: (s) => s.status,
      }),
    ),
  );
}
