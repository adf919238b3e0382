import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One strategy against the reference on one metric (the `finetune_comparisons` table; schema.ts says what each column means). */
export interface FinetuneComparisonRecord {
  readonly strategy: string;
  readonly baseline: string;
  readonly metric: string;
  readonly n: number;
  readonly meanDiff: number;
  readonly t: { readonly low: number; readonly high: number } | null;
  readonly bootstrap: { readonly low: number; readonly high: number } | null;
  readonly signP: number | null;
  readonly wilcoxonP: number | null;
  /** the mean over seeds of the strategy's prediction agreement with the baseline; null without test predictions */
  readonly agreement: number | null;
  readonly invocation: string;
}

/** Replaces all of a run's `finetune_comparisons` rows with `records`; returns the number written. */
export async function writeFinetuneComparisons(store: I2xStore, runId: string, records: readonly FinetuneComparisonRecord[]): Promise<number> {
  return await store.replaceRows('finetune_comparisons', runId, {}, (target) =>
    target.appendColumns(
      records.length,
      recordColumns(records, {
        strategy: (r) => r.strategy,
        baseline: (r) => r.baseline,
        metric: (r) => r.metric,
        n: (r) => r.n,
        mean_diff: (r) => r.meanDiff,
        t_low: (r) => r.t?.low,
        t_high: (r) => r.t?.high,
        boot_low: (r) => r.bootstrap?.low,
        boot_high: (r) => r.bootstrap?.high,
        sign_p: (r) => r.signP ?? undefined,
        wilcoxon_p: (r) => r.wilcoxonP ?? undefined,
        invocation: (r) => r.invocation,
        agreement: (r) => r.agreement ?? undefined,
      }),
    ),
  );
}
