import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/Dataset.js';
import type { Progress } from '../util/Progress.js';
import type { CheckpointMeta } from './CheckpointMeta.js';
import type { TrainConfig } from './TrainConfig.js';
import type { Executor } from './parallel/Executor.js';

/** What `trainModel` is asked (options) and what it returns (result). */
export interface TrainModelOptions {
  /** freshly built (its initial weights are part of the fingerprint); trained in place */
  model: tf.LayersModel;
  train: Dataset;
  val?: Dataset;
  test?: Dataset;
  /** `checkpoints/<run>`: one subdirectory per checkpoint */
  runDir: string;
  config: TrainConfig;
  /** data order and augmentation (initial weights come from the model) */
  seed: number;
  classes: number;
  /** stored in every meta.json as `config` */
  resolvedConfig?: unknown;
  onCheckpoint?: (meta: CheckpointMeta) => void | Promise<void>;
  /** checked before every step; an aborted run resumes from its last checkpoint */
  signal?: AbortSignal;
  /** default: a Progress on stderr (bar on a terminal, plain lines under CI) */
  progress?: (label: string, total: number) => Progress;
  /**
   * Where to train; default this thread. With more than one worker, each batch is split across replicas on
   * the executor's pool (ParallelTrainer); BatchNorm then normalises each slice with its own statistics, so
   * the weights differ from a one-thread run and the worker count is part of the training fingerprint.
   */
  executor?: Executor;
}

export interface TrainResult {
  /** every checkpoint of the run, by step, including those written before a resume */
  checkpoints: CheckpointMeta[];
  /**
   * the checkpoint training resumed from: the last intact one before the first planned checkpoint that is
   * missing or damaged (absent when training started from the initial weights)
   */
  resumedFrom?: string;
  /** divergence warnings (`divergenceWarning`) of the checkpoints written by this call, also logged */
  warnings: string[];
  /** how fast this call ran (wall clock, so it varies between runs; never part of an output that must repeat) */
  rates: TrainRates;
}

export interface TrainRates {
  /**
   * training images per second over this call's steps after its first (batch making, augmentation and the step;
   * not checkpoint writes or evaluation): null when it trained fewer than two steps
   */
  trainImagesPerSecond: number | null;
  /** images evaluated per second in the checkpoints' val / test evaluations; null when none ran */
  evaluationImagesPerSecond: number | null;
}
