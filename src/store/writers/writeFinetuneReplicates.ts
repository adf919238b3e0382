import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One strategy against the reference on one metric over base models (`finetune_replicates`; schema.ts). */
export interface FinetuneReplicateRecord {
  readonly strategy: string;
  readonly baseline: string;
  readonly metric: string;
  /** per base model, in seed order: its training seed, its run id and its mean difference over fine-tuning seeds */
  readonly perBase: readonly { readonly seed: number; readonly run: string; readonly meanDiff: number }[];
  readonly meanDiff: number;
  readonly t: { readonly low: number; readonly high: number } | null;
  readonly bootstrap: { readonly low: number; readonly high: number } | null;
  readonly signP: number | null;
  readonly wilcoxonP: number | null;
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
        recordColumns(records, {
          strategy: (r) => r.strategy,
          baseline: (r) => r.baseline,
          metric: (r) => r.metric,
          bases: (r) => r.perBase.length,
          mean_diff: (r) => r.meanDiff,
          t_low: (r) => r.t?.low,
          t_high: (r) => r.t?.high,
          boot_low: (r) => r.bootstrap?.low,
          boot_high: (r) => r.bootstrap?.high,
          sign_p: (r) => r.signP ?? undefined,
          wilcoxon_p: (r) => r.wilcoxonP ?? undefined,
        }),
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
