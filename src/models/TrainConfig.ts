/** When checkpoints are written during training (the `train.checkpoints` config). */
export interface CheckpointSchedule {
  /** a checkpoint every n optimizer steps; null for none */
  readonly everySteps: number | null;
  /** a checkpoint every e epochs, fractions allowed (0.5 = twice per epoch); null for none */
  readonly everyEpochs: number | null;
  /**
   * checkpoints at steps round(first * factor^k) for k = 0, 1, ... up to the last step; absent or null for none.
   * `nearLast` (absent = 'replace'): with `last`, the last step replaces the largest geometric step when it lies within
   * sqrt(factor) of it (nearer to it than half a geometric interval on the log scale); 'keep' keeps that step.
   */
  readonly geometric?: { readonly first: number; readonly factor: number; readonly nearLast?: 'replace' | 'keep' } | null;
  /** step 0, before any update */
  readonly first: boolean;
  /** after the last step */
  readonly last: boolean;
}

/**
 * What `trainModel` needs of the resolved `train` config. Extra keys (e.g. `source`, `load`) are accepted
 * and become part of the training fingerprint.
 */
export interface TrainConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly lr: number;
  /** SGD only; 0 is plain SGD */
  readonly momentum: number;
  /** coupled L2 (`grad += weightDecay * weight`), as PyTorch's optimizers do it */
  readonly weightDecay: number;
  readonly schedule: 'constant' | 'cosine' | 'step';
  /** random crop with 4 pixels of padding and a horizontal flip, per sample */
  readonly augment: boolean;
  readonly checkpoints: CheckpointSchedule;
}
