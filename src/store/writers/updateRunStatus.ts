import { I2xError } from '../../util/I2xError.js';
import type { I2xStore } from '../I2xStore.js';
import { toJsonText } from '../toJsonText.js';

/** Sets the status of a run written by `writeRun`, and its metrics when given (kept otherwise). */
export async function updateRunStatus(store: I2xStore, runId: string, status: string, metrics?: unknown): Promise<void> {
  const result = await store.query(
    'UPDATE runs SET status = $1, metrics_json = coalesce($2::JSON, metrics_json) WHERE run_id = $3',
    [status, toJsonText(metrics), runId],
  );
  if (Number(result.rows[0]?.[0] ?? 0) === 0) {
    throw new I2xError('E_STORE', `No run "${runId}" in ${store.path}; write it with writeRun before updating it.`);
  }
}
