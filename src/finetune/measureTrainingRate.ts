import type * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Dataset } from '../data/Dataset.js';
import { takeSamples } from '../data/takeSamples.js';
import type { Executor } from '../models/parallel/Executor.js';
import { trainModel } from '../models/trainModel.js';
import type { TrainModelOptions, TrainResult } from '../models/TrainModelOptions.js';
import { derivedSeed } from '../util/derivedSeed.js';
import { Progress } from '../util/Progress.js';
import type { FinetuneSettings } from './runStrategy.js';

export interface MeasureTrainingRateOptions {
  /** a fresh copy of the base model; trained and disposed here */
  readonly loadBase: () => Promise<tf.LayersModel>;
  /** its first `steps` batches are trained on */
  readonly train: Dataset;
  readonly settings: FinetuneSettings;
  readonly executor?: Executor;
  /** trainModel's run directory (no checkpoint is scheduled, so nothing is written) */
  readonly runDir: string;
  /** batches to train, the first of which warms up and is not timed; default 6 */
  readonly steps?: number;
  readonly trainPhase?: (options: TrainModelOptions) => Promise<TrainResult>;
}

/**
 * Training images per second of fine-tuning, measured on a few batches trained exactly as a phase is (the
 * base model, the phase settings, the executor): for the wall-time estimate when the train stage recorded
 * no rate. Null when the set holds fewer than two batches (the first is not timed).
 */
export async function measureTrainingRate(options: MeasureTrainingRateOptions): Promise<number | null> {
  const { settings } = options;
  const count = Math.min(options.train.count, (options.steps ?? 6) * settings.batchSize);
  const model = await options.loadBase();
  try {
    const result = await (options.trainPhase ?? trainModel)({
      model,
      train: takeSamples(options.train, Int32Array.from({ length: count }, (_, i) => i)),
      config: { ...settings, epochs: 1, schedule: 'constant', checkpoints: { everySteps: null, everyEpochs: null, first: false, last: false } },
      seed: derivedSeed(0, 'finetune-rate', 0),
      classes: model.outputs[0].shape[1] as number,
      ...(options.executor ? { executor: options.executor } : {}),
      runDir: join(options.runDir, 'rate'),
      progress: (label, total) => new Progress({ label, total, stream: { write: () => true } }),
    });
    return result.rates.trainImagesPerSecond;
  } finally {
    model.dispose();
  }
}
