import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** How much relevance reached one layer compared with the explained logit (mean over the scored samples). */
export interface LrpConservationRecord {
  readonly layer: string;
  readonly relevanceSum: number;
  readonly logit: number;
  /** |sum of relevance - logit| / |logit|, relative */
  readonly deviation: number;
}

/** Replaces the conservation report of one LRP method at one checkpoint of a run. Returns the rows written. */
export async function writeLrpConservation(
  store: I2xStore,
  runId: string,
  method: string,
  checkpoint: number,
  records: readonly LrpConservationRecord[],
): Promise<number> {
  return await store.replaceRows('lrp_conservation', runId, { method, checkpoint }, (target) =>
    target.appendColumns(
      records.length,
      recordColumns(records, {
        layer: (r) => r.layer,
        relevance_sum: (r) => r.relevanceSum,
        logit: (r) => r.logit,
        deviation: (r) => r.deviation,
      }),
    ),
  );
}
