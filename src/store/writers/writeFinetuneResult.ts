import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';
import { toJsonText } from '../toJsonText.js';

/** The outcome of fine-tuning with one curation strategy and seed. */
export interface FinetuneRecord {
  readonly strategy: string;
  readonly seed: number;
  readonly testAcc: number;
  readonly valAcc?: number;
  readonly trainLoss?: number;
  readonly nTrain?: number;
  readonly nRemoved?: number;
  readonly epochs?: number;
  readonly seconds?: number;
  /** Anything else worth keeping (per-epoch curves, ...); stored as JSON. */
  readonly details?: unknown;
  /** The fingerprint of the finetune stage run that produced it (`finetune_results.invocation`). */
  readonly invocation?: string;
  /** The share of test images predicted as the reference strategy's model of the same seed predicts them (`agreement`). */
  readonly agreement?: number;
}

/** Replaces the result of one (strategy, seed) of a run. */
export async function writeFinetuneResult(store: I2xStore, runId: string, result: FinetuneRecord): Promise<void> {
  await store.replaceRows('finetune_results', runId, { strategy: result.strategy, seed: result.seed }, (target) =>
    target.appendColumns(
      1,
      recordColumns([result], {
        test_acc: (r) => r.testAcc,
        val_acc: (r) => r.valAcc,
        train_loss: (r) => r.trainLoss,
        n_train: (r) => r.nTrain,
        n_removed: (r) => r.nRemoved,
        epochs: (r) => r.epochs,
        seconds: (r) => r.seconds,
        details_json: (r) => toJsonText(r.details),
        invocation: (r) => r.invocation,
        agreement: (r) => r.agreement,
      }),
    ),
  );
}
