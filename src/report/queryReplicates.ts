import type { I2xStore } from '../store/I2xStore.js';
import type { PlainValue } from '../store/QueryResult.js';
import { plainNumber } from './plainNumber.js';
import { pairOfMetric } from './queryFinetuneComparisons.js';
import { queryRecords } from './queryRecords.js';
import type { ReplicateComparison, ReplicateSet } from './ReportData.js';

/**
 * The `i2x replicate` summaries this run is a base model of (`finetune_replicate_bases.base_run = runId`), each with
 * all its bases and its comparisons as stored (`finetune_replicates`): one number per base and strategy and metric,
 * and the statistics over bases. Nothing is recomputed. Replicate sets in run id order, their comparisons by strategy
 * (in `strategyOrder`, others after by name), test accuracy first and then the confusion metrics by name; empty when this run was never replicated.
 */
export async function queryReplicates(store: I2xStore, runId: string, strategyOrder: readonly string[]): Promise<ReplicateSet[]> {
  const rank = (strategy: string): number => {
    const i = strategyOrder.indexOf(strategy);
    return i >= 0 ? i : strategyOrder.length;
  };
  const sets = await queryRecords(store, 'SELECT DISTINCT run_id FROM finetune_replicate_bases WHERE base_run = $1 ORDER BY run_id', [runId]);
  const out: ReplicateSet[] = [];
  for (const set of sets) {
    const id = String(set.run_id);
    const summaries = await queryRecords(
      store,
      `SELECT strategy, baseline, metric, bases, mean_diff, t_low, t_high, boot_low, boot_high, sign_p, wilcoxon_p
       FROM finetune_replicates WHERE run_id = $1 ORDER BY strategy, metric <> 'test_accuracy', metric`,
      [id],
    );
    const bases = await queryRecords(store, 'SELECT strategy, baseline, metric, seed, base_run, mean_diff FROM finetune_replicate_bases WHERE run_id = $1 ORDER BY seed', [id]);
    const interval = (low: PlainValue, high: PlainValue) => {
      const [l, h] = [plainNumber(low), plainNumber(high)];
      return l === null || h === null ? null : { low: l, high: h };
    };
    const comparisons = summaries.map((r): ReplicateComparison => ({
      strategy: String(r.strategy),
      baseline: String(r.baseline),
      metric: String(r.metric),
      pair: pairOfMetric(String(r.metric)),
      n: plainNumber(r.bases)!,
      meanDiff: plainNumber(r.mean_diff),
      t: interval(r.t_low, r.t_high),
      bootstrap: interval(r.boot_low, r.boot_high),
      signP: plainNumber(r.sign_p),
      wilcoxonP: plainNumber(r.wilcoxon_p),
      perBase: bases
        .filter((b) => b.strategy === r.strategy && b.baseline === r.baseline && b.metric === r.metric)
        .map((b) => ({ seed: plainNumber(b.seed)!, run: String(b.base_run), meanDiff: plainNumber(b.mean_diff)! })),
    }));
    const runs = new Map(bases.map((b) => [plainNumber(b.seed)!, String(b.base_run)] as const));
    // a stable sort keeps the stored order (strategy, test accuracy first, then metric) within a rank
    comparisons.sort((a, b) => rank(a.strategy) - rank(b.strategy));
    out.push({ runId: id, bases: [...runs].map(([seed, run]) => ({ seed, run })), comparisons });
  }
  return out;
}
