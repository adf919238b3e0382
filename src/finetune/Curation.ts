/** How a sample is judged to contain a prototype (the `finetune.curation` config). */
export interface CurationOptions {
  /** positions of the sample's assignment map that must belong to the prototype (integer >= 1) */
  readonly minArea: number;
  /** when set, the prototype's intensity at the final checkpoint must also be above this */
  readonly intensityThreshold: number | null;
  /**
   * 'all' (the paper's reading): any sample may be removed; 'pair': only samples whose label is a class of one of
   * the pairs, so the other classes keep every sample
   */
  readonly classes: 'all' | 'pair';
  /** refuse a curation removing more than this fraction of the training set */
  readonly maxRemovedFraction: number;
  /** what happens to the selected samples (`finetune.curation.action`; default 'remove'): only the limits' messages read it */
  readonly action?: 'remove' | 'mask';
}

export interface CurationInput {
  /** [N, positions] prototype of every feature-map position of every training sample (`assignments.bin`) */
  readonly assignments: Int32Array;
  readonly positions: number;
  /** [N] class of every training sample */
  readonly labels: Int32Array;
  /** one per class; C = classNames.length */
  readonly classNames: readonly string[];
  /** K, the number of prototypes */
  readonly prototypes: number;
  /** the analysis's uncertain prototypes (`uncertain.json`), each with the pair it oscillates between */
  readonly uncertain: readonly { readonly prototype: number; readonly pair: readonly [number, number] }[];
  /** `finetune.pairs`: only prototypes uncertain for one of these pairs (either order) are used */
  readonly pairs: readonly (readonly [number, number])[];
  /** [N, K] prototype intensity at the final checkpoint, NaN where absent; needed when intensityThreshold is set */
  readonly finalIntensities: Float32Array | null;
  readonly options: CurationOptions;
}

/** Why one sample is removed: one uncertain prototype it contains. */
export interface CurationReason {
  readonly prototype: number;
  /** positions of the sample's assignment map that belong to the prototype */
  readonly area: number;
  /** its intensity at the final checkpoint; null when no threshold was asked for */
  readonly intensity: number | null;
}

export interface Curation {
  /** the uncertain prototypes used, ascending */
  readonly prototypes: number[];
  /** [N] 1 = removed from the curated set */
  readonly removed: Uint8Array;
  readonly removedCount: number;
  /** for each prototype used, how many samples contain it (a sample may contain several) */
  readonly perPrototype: { readonly prototype: number; readonly samples: number }[];
  /** [C] samples of each class, and how many of them are removed */
  readonly perClass: { readonly total: number; readonly removed: number }[];
  /** every removed sample, ascending, with the uncertain prototypes it contains */
  readonly removedSamples: { readonly sample: number; readonly reasons: CurationReason[] }[];
}
