import type { I2xConfig } from '../config/configSchema.js';
import { CURATION_BASELINES, FINETUNE_STRATEGIES } from '../config/configSchema.js';
import { I2xError } from '../util/I2xError.js';

/** A score of `finetune.curation.baselines`: its set removes the same number of samples per class as the curated one. */
export type CurationBaseline = (typeof CURATION_BASELINES)[number];

/** A configured strategy, or `<baseline>->full` for each of `finetune.curation.baselines`. */
export type FinetuneStrategy = (typeof FINETUNE_STRATEGIES)[number] | `${CurationBaseline}->full`;

/**
 * Which training set a phase uses: all samples, the curated set, the random control of the same size, or the set
 * curated by a baseline score (same per-class counts).
 */
export type PhaseData = 'full' | 'curated' | 'random' | CurationBaseline;

/** The strategy of a curation baseline: its curated set first, then the full set (as curated->full). */
export function baselineStrategy(baseline: CurationBaseline): FinetuneStrategy {
  return `${baseline}->full`;
}

/** One fine-tuning pass: `epochs` epochs over `data`, with a fresh optimizer. */
export interface FinetunePhase {
  readonly data: PhaseData;
  readonly epochs: number;
}

/**
 * The phases of each strategy, all starting from the run's final checkpoint. `first -> second` strategies take
 * `finetune.epochs.first` epochs on the first set, then `finetune.epochs.second` on the second; the one-set
 * strategies (`full`, `curated`, and `random`, the control for `curated`) are the first phase alone. A phase of 0 epochs is left out.
 */
const PHASES: Record<(typeof FINETUNE_STRATEGIES)[number], readonly [PhaseData, 'first' | 'second'][]> = {
  'full->full': [['full', 'first'], ['full', 'second']],
  'curated->full': [['curated', 'first'], ['full', 'second']],
  full: [['full', 'first']],
  curated: [['curated', 'first']],
  'curated->curated': [['curated', 'first'], ['curated', 'second']],
  'random->full': [['random', 'first'], ['full', 'second']],
  random: [['random', 'first']],
};

/** The phases `strategy` trains, in order (none when every phase has 0 epochs: the base model is evaluated as is). */
export function strategyPhases(strategy: FinetuneStrategy, epochs: I2xConfig['finetune']['epochs']): FinetunePhase[] {
  const baseline = CURATION_BASELINES.find((b) => strategy === baselineStrategy(b));
  const plan: readonly [PhaseData, 'first' | 'second'][] | undefined = baseline ? [[baseline, 'first'], ['full', 'second']] : PHASES[strategy as (typeof FINETUNE_STRATEGIES)[number]];
  if (!plan) {
    throw new I2xError('E_FINETUNE', `fine-tuning strategy '${String(strategy)}' is not known; accepted: ${FINETUNE_STRATEGIES.join(', ')} (finetune.strategies), or '<score>->full' for a score of finetune.curation.baselines.`);
  }
  return plan.map(([data, which]) => ({ data, epochs: epochs[which] })).filter((phase) => phase.epochs > 0);
}
