import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One prototype (a cluster of feature-map positions) and how much of the data it covers. */
export interface PrototypeRecord {
  readonly prototype: number;
  /** Positions assigned to it, over all samples. */
  readonly areaTotal: number;
  /** Samples with at least one position assigned to it. */
  readonly nSamples: number;
  /** The class most of those samples have (the first of `dominantClasses`). */
  readonly dominantClass?: number;
  /** [C] how many samples of each class it is present in. */
  readonly classSamples?: ArrayLike<number>;
  /** Every class at the maximum of `classSamples`, ascending (more than one on a tie). */
  readonly dominantClasses?: readonly number[];
  /** Its centre in the (reduced) feature space. */
  readonly centroid?: ArrayLike<number>;
}

/** Replaces all prototypes of a run. Returns the rows written. */
export async function writePrototypes(store: I2xStore, runId: string, prototypes: readonly PrototypeRecord[]): Promise<number> {
  return await store.replaceRows('prototypes', runId, {}, (target) =>
    target.appendColumns(
      prototypes.length,
      recordColumns(prototypes, {
        prototype: (p) => p.prototype,
        area_total: (p) => p.areaTotal,
        n_samples: (p) => p.nSamples,
        dominant_class: (p) => p.dominantClass,
        centroid: (p) => (p.centroid ? Array.from(p.centroid, (x) => (Number.isNaN(x) ? null : x)) : null),
        class_samples: (p) => (p.classSamples ? Array.from(p.classSamples) : null),
        dominant_classes: (p) => (p.dominantClasses ? [...p.dominantClasses] : null),
      }),
    ),
  );
}
