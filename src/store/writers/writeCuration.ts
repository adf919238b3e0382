import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces a run's curation decisions: for each of `samples`, whether it is removed from fine-tuning
 * (`removed[i]` non-zero) and why (`reasons[i]`, null when kept). Returns the rows written.
 */
export async function writeCuration(
  store: I2xStore,
  runId: string,
  samples: Int32Array,
  removed: Uint8Array,
  reasons: readonly (string | null)[],
): Promise<number> {
  expectLength('removed', removed.length, samples.length, 'one flag per sample');
  expectLength('reasons', reasons.length, samples.length, 'one reason (or null) per sample');
  return await store.replaceRows('curation', runId, {}, (target) =>
    target.appendColumns(samples.length, {
      sample: column.ints(samples),
      removed: column.values(Array.from(removed, (flag) => flag !== 0)),
      reason: column.values(reasons),
    }),
  );
}
