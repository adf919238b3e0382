import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';
import { toJsonText } from '../toJsonText.js';

/** One experiment run: what was configured and how it went. */
export interface RunRecord {
  readonly runId: string;
  readonly configName: string;
  /** Defaults to now. */
  readonly createdAt?: Date;
  /** The resolved config; stored as JSON. */
  readonly config?: unknown;
  readonly fingerprint?: string | null;
  /** e.g. 'running', 'done', 'failed'. */
  readonly status: string;
  /** Summary metrics; stored as JSON. */
  readonly metrics?: unknown;
}

/** Creates or replaces the `runs` row of `run.runId` (rows of other tables are kept). */
export async function writeRun(store: I2xStore, run: RunRecord): Promise<void> {
  await store.replaceRows('runs', run.runId, {}, (target) =>
    target.appendColumns(
      1,
      recordColumns([run], {
        config_name: (r) => r.configName,
        created_at: (r) => r.createdAt ?? new Date(),
        config_json: (r) => toJsonText(r.config),
        fingerprint: (r) => r.fingerprint,
        status: (r) => r.status,
        metrics_json: (r) => toJsonText(r.metrics),
      }),
    ),
  );
}
