import type * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Dataset } from '../data/Dataset.js';
import { derivedSeed } from '../util/derivedSeed.js';
import { evaluateModel } from '../models/evaluateModel.js';
import type { TrainConfig } from '../models/TrainConfig.js';
import { trainModel } from '../models/trainModel.js';
import type { TrainModelOptions, TrainResult } from '../models/TrainModelOptions.js';
import type { Progress } from '../util/Progress.js';
import { I2xError } from '../util/I2xError.js';
import type { FinetuneRunResult } from './FinetuneRunResult.js';
import { pairConfusions } from './pairConfusions.js';
import { strategyPhases, type FinetuneStrategy, type PhaseData } from './strategies.js';
import type { Executor } from '../models/parallel/Executor.js';
import type { WorkerPool } from '../models/parallel/WorkerPool.js';

/** The training sets a phase can use; `curated` / `random` only where a strategy asks for them. */
export type FinetuneSets = { readonly full: Dataset } & Partial<Record<Exclude<PhaseData, 'full'>, Dataset>>;

/** What every phase of every run shares: the optimizer as in `train`, the rate `finetune.lr`, a constant schedule. */
export type FinetuneSettings = Pick<TrainConfig, 'batchSize' | 'optimizer' | 'lr' | 'momentum' | 'weightDecay' | 'augment'>;

export interface RunStrategyOptions {
  readonly strategy: FinetuneStrategy;
  /** the repeat: it sets the data order (and augmentation) of each phase, nothing else */
  readonly seed: number;
  readonly epochs: { readonly first: number; readonly second: number };
  /** a fresh copy of the base model (the run's final checkpoint) per call; the run trains and disposes it */
  readonly loadBase: () => Promise<tf.LayersModel>;
  readonly sets: FinetuneSets;
  readonly val: Dataset | null;
  readonly test: Dataset;
  readonly settings: FinetuneSettings;
  /** where each phase trains (trainModel's data-parallel pool when it has more than one worker; default this thread) */
  readonly executor?: Executor;
  /** where the test / val evaluations run their forward passes (an open pool, e.g. runFinetune's); default this thread */
  readonly evaluationPool?: WorkerPool;
  readonly pairs: readonly (readonly [number, number])[];
  /** `checkpoints/<run>/finetune`: trainModel's run directory per phase is under it; no checkpoint is scheduled, so nothing is written */
  readonly runDir: string;
  readonly signal?: AbortSignal;
  readonly progress?: (label: string, total: number) => Progress;
  /** trains one phase; trainModel unless a test wants to watch the calls */
  readonly trainPhase?: (options: TrainModelOptions) => Promise<TrainResult>;
}

/**
 * One fine-tuning run: the base model, trained phase by phase with trainModel (a fresh optimizer per phase, as
 * a new fine-tuning pass would start), then evaluated on the test (and validation) set. Phase p's data order
 * comes from derivedSeed(seed, 'finetune-phase', p), so strategies sharing a phase on the same set with the
 * same seed see the same order (curated->full and full->full differ only in their first phase).
 */
export async function runStrategy(options: RunStrategyOptions): Promise<FinetuneRunResult> {
  const { strategy, seed, settings } = options;
  const started = performance.now();
  const phases = strategyPhases(strategy, options.epochs);
  const trainPhase = options.trainPhase ?? trainModel;
  const model = await options.loadBase();
  try {
    const classes = model.outputs[0].shape[1] as number;
    const trained: FinetuneRunResult['phases'][number][] = [];
    for (const [p, phase] of phases.entries()) {
      options.signal?.throwIfAborted();
      const train = options.sets[phase.data];
      if (!train) throw new I2xError('E_FINETUNE', `strategy '${strategy}' trains on the ${phase.data} set, which was not prepared.`);
      const phaseSeed = derivedSeed(seed, 'finetune-phase', p);
      const label = `${strategy} seed ${seed} phase ${p + 1}/${phases.length} (${phase.data}, ${phase.epochs} epoch${phase.epochs === 1 ? '' : 's'})`;
      await trainPhase({
        model,
        train,
        config: { ...settings, epochs: phase.epochs, schedule: 'constant', checkpoints: { everySteps: null, everyEpochs: null, first: false, last: false } },
        seed: phaseSeed,
        classes,
        ...(options.executor ? { executor: options.executor } : {}),
        runDir: join(options.runDir, strategy.replace('->', '-to-'), `seed-${seed}`, `phase-${p}`),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.progress ? { progress: (_: string, total: number) => options.progress!(label, total) } : {}),
      });
      trained.push({ data: phase.data, epochs: phase.epochs, samples: train.count, seed: phaseSeed });
    }
    const evaluation = options.evaluationPool ? { pool: options.evaluationPool } : {};
    const test = await evaluateModel(model, options.test, settings.batchSize, evaluation);
    const val = options.val ? await evaluateModel(model, options.val, settings.batchSize, evaluation) : null;
    return {
      strategy,
      seed,
      phases: trained,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      confusion: test.confusion,
      pairConfusions: pairConfusions(test.confusion, options.pairs),
      valAccuracy: val?.accuracy ?? null,
      valLoss: val?.loss ?? null,
      testPredicted: test.predictions,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
