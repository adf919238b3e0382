import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One saved checkpoint of a training run, with the metrics measured at it. */
export interface CheckpointRecord {
  readonly checkpoint: number;
  readonly step?: number;
  readonly epoch?: number;
  readonly trainLoss?: number;
  readonly trainAcc?: number;
  readonly valLoss?: number;
  readonly valAcc?: number;
  readonly testAcc?: number;
  readonly weightsSha256?: string;
}

/** Replaces all checkpoints of a run. Returns the rows written. */
export async function writeCheckpoints(store: I2xStore, runId: string, checkpoints: readonly CheckpointRecord[]): Promise<number> {
  return await store.replaceRows('checkpoints', runId, {}, (target) =>
    target.appendColumns(
      checkpoints.length,
      recordColumns(checkpoints, {
        checkpoint: (c) => c.checkpoint,
        step: (c) => c.step,
        epoch: (c) => c.epoch,
        train_loss: (c) => c.trainLoss,
        train_acc: (c) => c.trainAcc,
        val_loss: (c) => c.valLoss,
        val_acc: (c) => c.valAcc,
        test_acc: (c) => c.testAcc,
        weights_sha256: (c) => c.weightsSha256,
      }),
    ),
  );
}
