import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One strategy against the reference on one metric (the `finetune_comparisons` table; schema.ts says what each column means). */
export interface FinetuneComparisonRecord extends ComparisonFigures {
  readonly n: number;
  /** the mean over seeds of the strategy's prediction agreement with the baseline; null without test predictions */
  readonly agreement: number | null;
  readonly invocation: string;
}

/** What a paired comparison row holds, in `finetune_comparisons` and `finetune_replicates` alike. */
export interface ComparisonFigures {
  readonly strategy: string;
  readonly baseline: string;
  readonly metric: string;
  readonly meanDiff: number;
  readonly t: { readonly low: number; readonly high: number } | null;
  readonly bootstrap: { readonly low: number; readonly high: number } | null;
  readonly signP: number | null;
  readonly wilcoxonP: number | null;
}

/** The columns of those figures (null intervals and p-values as NULL). */
export const comparisonColumns = {
  strategy: (r: ComparisonFigures) => r.strategy,
  baseline: (r: ComparisonFigures) => r.baseline,
  metric: (r: ComparisonFigures) => r.metric,
  mean_diff: (r: ComparisonFigures) => r.meanDiff,
  t_low: (r: ComparisonFigures) => r.t?.low,
  t_high: (r: ComparisonFigures) => r.t?.high,
  boot_low: (r: ComparisonFigures) => r.bootstrap?.low,
  boot_high: (r: ComparisonFigures) => r.bootstrap?.high,
  sign_p: (r: ComparisonFigures) => r.signP ?? undefined,
  wilcoxon_p: (r: ComparisonFigures) => r.wilcoxonP ?? undefined,
};

/** Replaces all of a run's `finetune_comparisons` rows with `records`; returns the number written. */
export async function writeFinetuneComparisons(store: I2xStore, runId: string, records: readonly FinetuneComparisonRecord[]): Promise<number> {
  return await store.replaceRows('finetune_comparisons', runId, {}, (target) =>
    target.appendColumns(
      records.length,
      recordColumns<FinetuneComparisonRecord>(records, {
        ...comparisonColumns,
        n: (r) => r.n,
        invocation: (r) => r.invocation,
        agreement: (r) => r.agreement ?? undefined,
      }),
    ),
  );
}
