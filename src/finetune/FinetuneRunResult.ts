import type { PairConfusion } from './pairConfusions.js';
import type { PhaseData } from './strategies.js';

/** A model's test-set figures: what the fine-tuning table compares. */
export interface FinetuneEvaluation {
  readonly testAccuracy: number;
  readonly testLoss: number;
  /** [true class][predicted class] counts over the test set */
  readonly confusion: number[][];
  /** a -> b plus b -> a test confusions of each configured pair (`finetune.pairs`) */
  readonly pairConfusions: PairConfusion[];
}

/** The outcome of one (strategy, seed) fine-tuning run. */
export interface FinetuneRunResult extends FinetuneEvaluation {
  readonly strategy: string;
  /** the repeat, 0..finetune.seeds-1 */
  readonly seed: number;
  /** what was trained, in order; `seed` is the data-order seed trainModel got for the phase */
  readonly phases: { readonly data: PhaseData; readonly epochs: number; readonly samples: number; readonly seed: number }[];
  readonly valAccuracy: number | null;
  readonly valLoss: number | null;
  /** [N test] the argmax class of every test sample after the run (the store's test_predictions, source 'finetune') */
  readonly testPredicted?: Int32Array;
  /** wall time of the run: loading the base model, training, evaluating */
  readonly seconds: number;
}
