import { I2xError } from '../util/I2xError.js';
import { strategyPhases, type FinetuneStrategy, type PhaseData } from './strategies.js';

export interface FinetuneWallTimeInput {
  readonly strategies: readonly FinetuneStrategy[];
  readonly seeds: number;
  readonly epochs: { readonly first: number; readonly second: number };
  /** samples in each training set a phase can use (`full`, and `curated` / `random` where a strategy trains on them) */
  readonly setSizes: Readonly<Partial<Record<PhaseData, number>>>;
  /** images evaluated after each run: the test set plus the validation set, if any */
  readonly evaluatedPerRun: number;
  readonly trainImagesPerSecond: number;
  readonly evaluationImagesPerSecond: number;
  /** fixed seconds per phase: trainModel opens a pool of its own for each one when there are workers; default 0 */
  readonly phaseStartSeconds?: number;
  /** fixed seconds per run: loading a copy of the base model; default 0 */
  readonly runStartSeconds?: number;
}

export interface FinetuneWallTime {
  readonly runs: number;
  /** phases trained, over every run */
  readonly phases: number;
  /** every epoch of every phase of every run covers its whole set */
  readonly trainImages: number;
  readonly evaluatedImages: number;
  readonly trainSeconds: number;
  readonly evaluationSeconds: number;
  /** phases x phaseStartSeconds + runs x runStartSeconds */
  readonly startSeconds: number;
  /** trainSeconds + evaluationSeconds + startSeconds */
  readonly seconds: number;
}

/**
 * The expected wall time of the fine-tuning runs: seeds x (each strategy's phases' epochs x their set's
 * samples) training images at `trainImagesPerSecond`, plus runs x `evaluatedPerRun` images at
 * `evaluationImagesPerSecond`, plus the fixed costs of starting each phase and run.
 */
export function finetuneWallTime(input: FinetuneWallTimeInput): FinetuneWallTime {
  for (const key of ['trainImagesPerSecond', 'evaluationImagesPerSecond'] as const) {
    if (!(input[key] > 0) || !Number.isFinite(input[key])) throw new I2xError('E_FINETUNE', `finetuneWallTime: ${key} is ${input[key]}; expected a positive finite rate.`);
  }
  let imagesPerSeed = 0;
  let phasesPerSeed = 0;
  for (const strategy of input.strategies) {
    for (const phase of strategyPhases(strategy, input.epochs)) {
      phasesPerSeed++;
      const size = input.setSizes[phase.data];
      if (size === undefined) throw new I2xError('E_FINETUNE', `finetuneWallTime: strategy '${strategy}' trains on the ${phase.data} set, whose size was not given.`);
      imagesPerSeed += phase.epochs * size;
    }
  }
  const runs = input.strategies.length * input.seeds;
  const trainImages = input.seeds * imagesPerSeed;
  const evaluatedImages = runs * input.evaluatedPerRun;
  const trainSeconds = trainImages / input.trainImagesPerSecond;
  const evaluationSeconds = evaluatedImages / input.evaluationImagesPerSecond;
  const phases = input.seeds * phasesPerSeed;
  const startSeconds = phases * (input.phaseStartSeconds ?? 0) + runs * (input.runStartSeconds ?? 0);
  return { runs, phases, trainImages, evaluatedImages, trainSeconds, evaluationSeconds, startSeconds, seconds: trainSeconds + evaluationSeconds + startSeconds };
}
