/** The tag every i2x `meta.json` carries; a file with another tag is refused. */
export const CHECKPOINT_FORMAT = 'i2x-checkpoint/1';

/** Where a checkpoint came from. */
export type CheckpointSource =
  | { kind: 'trained' }
  /** copied from a checkpoint someone else trained (`importCheckpoints`) */
  | { kind: 'imported'; path: string }
  /** read from a directory without an i2x meta.json (`loadCheckpoint`); nothing about it is known */
  | { kind: 'external'; path: string };

/** Per-variable layout of `optimizer.bin`: float32 slots in this order, concatenated. */
export interface OptimizerFileEntry {
  name: string;
  shape: number[];
}

/**
 * `meta.json` of one checkpoint (`checkpoints/<run>/<name>/`), beside `model.json` + `weights.bin`
 * (tfjs layers format) and, for trained checkpoints, `optimizer.bin`.
 */
export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  /** sortable, e.g. 'step-000120' */
  name: string;
  /** optimizer updates applied before this checkpoint; the position in the list for imported ones */
  step: number;
  /** step / steps per epoch; -1 when unknown (external and imported checkpoints without an i2x meta.json) */
  epoch: number;
  /** learning rate of the next step; null when not trained here */
  learningRate: number | null;
  /** mean loss / accuracy of the training batches since the previous checkpoint (train-mode BatchNorm, augmented); null at step 0 */
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  /** [true class][predicted class] counts over the test set */
  testConfusion: number[][] | null;
  classes: number;
  /** the tfjs backend that computed it ('wasm', 'node', ...) */
  backend: string;
  /** sha256 (hex) of weights.bin; a checkpoint whose file does not match is refused */
  weightsSha256: string;
  /** the optimizer state in optimizer.bin, to resume from here; null when there is none */
  optimizer: { kind: 'adam' | 'sgd'; iterations: number; sha256: string; slots: OptimizerFileEntry[] } | null;
  /** the training fingerprint (config, seed, data, model, initial weights): resuming needs an equal one */
  fingerprint: string | null;
  /** the resolved config passed by the caller */
  config: unknown;
  source: CheckpointSource;
  /** ISO time the checkpoint was written */
  writtenAt: string;
}

/** 'step-000120': zero-padded so names sort in training order. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}
