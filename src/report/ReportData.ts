import type { PlantExamples } from './queryPlantExamples.js';
import type { ScorecardData } from './queryScorecard.js';
import type { I2xConfig } from '../config/configSchema.js';

/** A pair of class indices (a, b); a difference "a - b" > 0 favours a. */
export type ClassPair = readonly [number, number];

export interface CheckpointRow {
  readonly checkpoint: number;
  readonly step: number | null;
  readonly epoch: number | null;
  readonly trainAcc: number | null;
  readonly valAcc: number | null;
  readonly testAcc: number | null;
}

export interface PrototypeRow {
  readonly prototype: number;
  readonly areaTotal: number;
  readonly nSamples: number;
  /** the classes with the most samples it is present in, ascending: several on a tie, none when absent */
  readonly mostCommonClasses: readonly number[];
  /** per class of `mostCommonClasses`, the share of that class's samples it is present in (null when not stored) */
  readonly mostCommonShares: readonly (number | null)[];
  /** how many samples of each most common class it is present in (null when not stored) */
  readonly mostCommonSamples: number | null;
}

/**
 * How well a pair's classes are told apart per transition, by the definition of `structuredExplanation`:
 * S_t = max over the transition's confidence-group fits (all-samples fit when it has none) and prototypes of
 * |beta[k, a] - beta[k, b]|; first separated at the first t with S_t >= fraction * max S.
 */
export interface PairSeparation {
  readonly pair: ClassPair;
  /** [T] S_t */
  readonly scores: readonly number[];
  readonly maxScore: number;
  readonly firstSeparatedTransition: number | null;
  /** the prototype, signed difference and group behind S_t at the first separated transition */
  readonly driver: { readonly prototype: number; readonly difference: number; readonly group: number } | null;
}

/** The all-samples ridge coefficients (group -1) of one prototype at one transition, for classes a and b. */
export interface PairBeta {
  readonly transition: number;
  readonly prototype: number;
  readonly betaA: number;
  readonly betaB: number;
}

export interface PairTrajectory {
  readonly pair: ClassPair;
  /** why the pair is shown */
  readonly reason: 'configured' | 'separated first';
  readonly betas: readonly PairBeta[];
  /** test-set confusions per checkpoint: true a predicted b, and true b predicted a */
  readonly confusions: readonly { readonly checkpoint: number; readonly aAsB: number; readonly bAsA: number }[];
}

export interface GroupSize {
  readonly transition: number;
  /** HDBSCAN cluster; -1 is noise */
  readonly grp: number;
  readonly size: number;
}

export interface UncertainRow {
  readonly prototype: number;
  readonly pair: ClassPair;
  readonly signChanges: number;
  readonly maxMagnitude: number;
  /** [T] d_t = beta_t[k, a] - beta_t[k, b] */
  readonly differences: readonly number[];
  /** [T] d_t over its transition's scale, what the threshold is compared with (`differences` for scale 'absolute' and older runs) */
  readonly scaled: readonly number[];
  readonly consideredTransitions: readonly number[];
  readonly signFlips: readonly number[];
}

export interface FinetuneRow {
  readonly strategy: string;
  readonly runs: number;
  readonly testMean: number;
  /** sample standard deviation over seeds; null for one seed */
  readonly testStd: number | null;
  readonly valMean: number | null;
  readonly valStd: number | null;
  readonly removedMean: number | null;
  readonly seeds: readonly { readonly seed: number; readonly testAcc: number }[];
  /** mean over seeds of the test confusions a->b plus b->a, per configured fine-tuning pair */
  readonly pairConfusions: readonly { readonly pair: ClassPair; readonly mean: number }[];
}

/** One `finetune_comparisons` row as stored: a strategy minus the reference on one metric, paired by seed. */
export interface StoredPairedComparison {
  /** shared seeds */
  readonly n: number;
  /** mean of the per-seed differences (accuracy as a fraction, confusions as counts); null without shared seeds */
  readonly meanDiff: number | null;
  /** the 95% t and percentile-bootstrap intervals of the mean difference; null below 2 seeds */
  readonly t: { readonly low: number; readonly high: number } | null;
  readonly bootstrap: { readonly low: number; readonly high: number } | null;
  /** exact sign and Wilcoxon signed-rank p-values; null when every difference is 0 */
  readonly signP: number | null;
  readonly wilcoxonP: number | null;
}

/** A fine-tuning strategy against the reference (`baseline`, full->full) as the finetune stage stored it. */
export interface FinetuneComparison {
  readonly strategy: string;
  readonly baseline: string;
  /** the 'test_accuracy' row; null when the store has none */
  readonly accuracy: StoredPairedComparison | null;
  /** the 'confusions a<->b' rows, one per configured pair, in the stored metric order */
  readonly confusions: readonly ({ readonly pair: ClassPair } & StoredPairedComparison)[];
  /** mean over the shared seeds of the share of test images predicted as the baseline predicts them; null before finetune stage 7 */
  readonly agreement: number | null;
  /** the same per seed (`finetune_results.agreement`), ascending seeds */
  readonly agreementBySeed: readonly { readonly seed: number; readonly agreement: number }[];
}

/** One strategy against the reference on one metric over the base models of an `i2x replicate` (`finetune_replicates`). */
export interface ReplicateComparison extends StoredPairedComparison {
  readonly strategy: string;
  readonly baseline: string;
  /** 'test_accuracy' (a fraction) or 'confusions a<->b' (counts), as finetune_comparisons names them */
  readonly metric: string;
  /** the pair of a 'confusions a<->b' metric; null for test accuracy */
  readonly pair: ClassPair | null;
  /** per base model, ascending training seed: its run and its mean difference over its fine-tuning seeds */
  readonly perBase: readonly { readonly seed: number; readonly run: string; readonly meanDiff: number }[];
}

/** An `i2x replicate` summary (run id `<name>-replicates`) that this run is one base model of. */
export interface ReplicateSet {
  readonly runId: string;
  /** every base model of the set, ascending training seed */
  readonly bases: readonly { readonly seed: number; readonly run: string }[];
  /** `n` is the number of base models; the intervals and p-values are over them */
  readonly comparisons: readonly ReplicateComparison[];
}

export interface LegibilityRow {
  readonly method: string;
  readonly checkpoint: number;
  readonly samples: number;
  readonly contrast: number | null;
  readonly blobs: number | null;
  readonly gini: number | null;
}

/** One figure of the quality stage (saliency_quality; schema.ts says what each metric is). */
export interface QualityRow {
  readonly checkpoint: number;
  readonly method: string;
  readonly metric: string;
  readonly value: number | null;
}

/** One point of a quality curve (saliency_quality_curves). */
export interface QualityCurveRow extends QualityRow {
  readonly step: number;
  readonly fraction: number;
}

export interface ChosenSample {
  readonly sample: number;
  readonly label: number;
  /** why it is shown: confused with `other` (the pair's other class) at `checkpoints` checkpoints, or a class's example */
  readonly reason: { readonly kind: 'confused'; readonly other: number; readonly checkpoints: number } | { readonly kind: 'example'; readonly first: boolean };
  /** per checkpoint: the predicted class and the confidence of the true class */
  readonly predictions: readonly { readonly checkpoint: number; readonly predicted: number; readonly confidence: number }[];
}

/** Everything the report shows that comes from the store, for one run. */
export interface ReportData {
  readonly runId: string;
  readonly config: I2xConfig;
  readonly createdAt: string | null;
  readonly classCount: number;
  /** training samples of the run (rows of `samples`) */
  readonly sampleCount: number;
  readonly checkpoints: readonly CheckpointRow[];
  readonly prototypes: readonly PrototypeRow[];
  readonly separations: readonly PairSeparation[];
  readonly trajectories: readonly PairTrajectory[];
  readonly groupSizes: readonly GroupSize[];
  readonly uncertain: readonly UncertainRow[];
  readonly finetune: readonly FinetuneRow[];
  /** every strategy but the reference against it, from `finetune_comparisons`, in the order of `finetune` */
  readonly finetuneComparisons: readonly FinetuneComparison[];
  /** the `i2x replicate` summaries over base models that include this run (finetune_replicates); empty when none */
  readonly replicates: readonly ReplicateSet[];
  /** what fine-tuning starts from, the final checkpoint: its accuracies and pair confusions (null if not stored) */
  readonly finetuneBase: { readonly testAcc: number | null; readonly valAcc: number | null; readonly pairConfusions: readonly { readonly pair: ClassPair; readonly count: number | null }[] };
  readonly legibility: readonly LegibilityRow[];
  /** the last scored checkpoint, averaged over the samples that every method scored, one row per method */
  readonly legibilityComparison: readonly LegibilityRow[];
  /** LRP relevance conservation per method and layer (lrp_conservation) */
  readonly conservation: readonly { readonly method: string; readonly checkpoint: number; readonly layer: string; readonly relevanceSum: number | null; readonly logit: number | null; readonly deviation: number | null }[];
  /** saliency quality figures per checkpoint, method and metric (empty when the quality stage scored nothing) */
  readonly quality: readonly QualityRow[];
  readonly qualityCurves: readonly QualityCurveRow[];
  readonly samples: readonly ChosenSample[];
  /** the scorecard against data.plant (detection stage; the control arm after i2x validate); null without plants */
  readonly scorecard: ScorecardData | null;
  /** per planted kind, its first training samples beside clean samples of their original classes (table planted; [] without plants) */
  readonly plantExamples: readonly PlantExamples[];
  /** per prototype, the samples where its final-checkpoint intensity is highest, strongest first */
  readonly gallery: readonly { readonly prototype: number; readonly ranked: readonly { readonly sample: number; readonly intensity: number }[] }[];
}
