import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';
import { comparisonColumns, type ComparisonFigures } from './writeFinetuneComparisons.js';

/** One strategy against the reference on one metric over base models (`finetune_replicates`; schema.ts). */
export interface FinetuneReplicateRecord extends ComparisonFigures {
  /** per base model, in seed order: its training seed, its run id and its mean difference over fine-tuning seeds */
  readonly perBase: readonly { readonly seed: number; readonly run: string; readonly meanDiff: number }[];
}

/**
 * Replaces all of `runId`'s `finetune_replicates` and `finetune_replicate_bases` rows with `records` (one
 * `i2x replicate` writes both, in one transaction); returns the number of rows written.
 */
export async function writeFinetuneReplicates(store: I2xStore, runId: string, records: readonly FinetuneReplicateRecord[]): Promise<number> {
  const bases = records.flatMap((r) => r.perBase.map((b) => ({ ...b, strategy: r.strategy, baseline: r.baseline, metric: r.metric })));
  return await store.transaction(async () => {
    const summary = await store.replaceRows('finetune_replicates', runId, {}, (target) =>
      target.appendColumns(
        records.length,
        recordColumns<FinetuneReplicateRecord>(records, { ...comparisonColumns, bases: (r) => r.perBase.length }),
      ),
    );
    const perBase = await store.replaceRows('finetune_replicate_bases', runId, {}, (target) =>
      target.appendColumns(
        bases.length,
        recordColumns(bases, {
          strategy: (b) => b.strategy,
          baseline: (b) => b.baseline,
          metric: (b) => b.metric,
          seed: (b) => b.seed,
          base_run: (b) => b.run,
          mean_diff: (b) => b.meanDiff,
        }),
      ),
    );
    return summary + perBase;
  });
}
