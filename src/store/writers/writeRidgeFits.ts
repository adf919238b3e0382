import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** How well one group's ridge regression (prototype intensities -> confidence change) fits. */
export interface RidgeFitRecord {
  readonly grp: number;
  /** Samples in the group. */
  readonly n: number;
  readonly r2: number;
  /** The ridge penalty λ; stored as `ridge_lambda`. */
  readonly lambda: number;
}

/** Replaces the ridge fits of all groups of one transition of a run. Returns the rows written. */
export async function writeRidgeFits(
  store: I2xStore,
  runId: string,
  transition: number,
  fits: readonly RidgeFitRecord[],
): Promise<number> {
  return await store.replaceRows('ridge_fits', runId, { transition }, (target) =>
    target.appendColumns(
      fits.length,
      recordColumns(fits, { grp: (f) => f.grp, n: (f) => f.n, r2: (f) => f.r2, ridge_lambda: (f) => f.lambda }),
    ),
  );
}
