import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/** A run's curation decisions, one entry per sample of `samples`. */
export interface CurationRows {
  readonly samples: Int32Array;
  /** non-zero where the sample is removed from fine-tuning */
  readonly removed: Uint8Array;
  /** why each sample is removed, null when kept */
  readonly reasons: readonly (string | null)[];
  /** the fingerprint of the finetune stage run writing them (`curation.invocation`) */
  readonly invocation?: string;
}

/** Replaces a run's curation decisions. Returns the rows written. */
export async function writeCuration(store: I2xStore, runId: string, curation: CurationRows): Promise<number> {
  const { samples, removed, reasons } = curation;
  expectLength('removed', removed.length, samples.length, 'one flag per sample');
  expectLength('reasons', reasons.length, samples.length, 'one reason (or null) per sample');
  return await store.replaceRows('curation', runId, {}, (target) =>
    target.appendColumns(samples.length, {
      sample: column.ints(samples),
      removed: column.values(Array.from(removed, (flag) => flag !== 0)),
      reason: column.values(reasons),
      invocation: column.values(new Array<string | null>(samples.length).fill(curation.invocation ?? null)),
    }),
  );
}
