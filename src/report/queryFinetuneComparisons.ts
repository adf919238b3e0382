import type { I2xStore } from '../store/I2xStore.js';
import type { PlainValue } from '../store/QueryResult.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';
import type { ClassPair, FinetuneComparison, StoredPairedComparison } from './ReportData.js';

/** 'confusions 2<->7' -> [2, 7] */
const PAIR_METRIC = /^confusions (\d+)<->(\d+)$/;

/** The class pair a stored metric counts confusions of ('confusions 2<->7' -> [2, 7]); null for any other metric. */
export function pairOfMetric(metric: string): ClassPair | null {
  const match = PAIR_METRIC.exec(metric);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * The run's paired comparisons as the finetune stage stored them (`finetune_comparisons`, and the per-seed
 * `finetune_results.agreement` with the baseline), one entry per strategy in `strategyOrder` (others after, by
 * name). Nothing is recomputed: the report shows what the stage printed. Empty when the store has no such rows
 * (no fine-tuning, one strategy, or a finetune stage before version 5).
 */
export async function queryFinetuneComparisons(store: I2xStore, runId: string, strategyOrder: readonly string[]): Promise<FinetuneComparison[]> {
  const rows = await queryRecords(
    store,
    `SELECT strategy, baseline, metric, n, mean_diff, t_low, t_high, boot_low, boot_high, sign_p, wilcoxon_p, agreement
     FROM finetune_comparisons WHERE run_id = $1 ORDER BY strategy, metric`,
    [runId],
  );
  const seeds = await queryRecords(store, 'SELECT strategy, seed, agreement FROM finetune_results WHERE run_id = $1 AND agreement IS NOT NULL ORDER BY strategy, seed', [runId]);
  const num = plainNumber;
  const interval = (low: PlainValue, high: PlainValue) => {
    const [l, h] = [num(low), num(high)];
    return l === null || h === null ? null : { low: l, high: h };
  };
  const stored = (r: (typeof rows)[number]): StoredPairedComparison => ({
    n: num(r.n)!,
    meanDiff: num(r.mean_diff),
    t: interval(r.t_low, r.t_high),
    bootstrap: interval(r.boot_low, r.boot_high),
    signP: num(r.sign_p),
    wilcoxonP: num(r.wilcoxon_p),
  });
  const rank = (strategy: string): number => {
    const i = strategyOrder.indexOf(strategy);
    return i >= 0 ? i : strategyOrder.length;
  };
  const strategies = [...new Set(rows.map((r) => String(r.strategy)))].sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  return strategies.map((strategy): FinetuneComparison => {
    const of = rows.filter((r) => r.strategy === strategy);
    const accuracy = of.find((r) => r.metric === 'test_accuracy');
    const confusions = of.flatMap((r) => {
      const pair = pairOfMetric(String(r.metric));
      return pair ? [{ pair, ...stored(r) }] : [];
    });
    return {
      strategy,
      baseline: String(of[0].baseline),
      accuracy: accuracy ? stored(accuracy) : null,
      confusions,
      agreement: num(of[0].agreement),
      agreementBySeed: seeds.filter((r) => r.strategy === strategy).map((r) => ({ seed: num(r.seed)!, agreement: num(r.agreement)! })),
    };
  });
}
