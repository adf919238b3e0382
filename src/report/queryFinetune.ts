import type { PlainValue } from '../store/QueryResult.js';
import type { I2xStore } from '../store/I2xStore.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';
import type { ClassPair, FinetuneRow } from './ReportData.js';

/**
 * Fine-tuning results per strategy (mean and sample standard deviation over seeds), in the configured
 * strategy order (others after, by name), with the mean test confusions between each pair's two classes from
 * the fine-tuned models' confusion matrices (`confusions` rows whose source is not 'checkpoint'), if stored.
 */
export async function queryFinetune(
  store: I2xStore,
  runId: string,
  strategyOrder: readonly string[],
  pairs: readonly ClassPair[],
): Promise<FinetuneRow[]> {
  const rows = await queryRecords(
    store,
    `SELECT strategy, count(*) AS runs, avg(test_acc) AS test_mean, stddev_samp(test_acc) AS test_std,
            avg(val_acc) AS val_mean, stddev_samp(val_acc) AS val_std, avg(n_removed) AS removed_mean,
            list(seed ORDER BY seed) AS seeds, list(test_acc ORDER BY seed) AS test_accs
     FROM finetune_results WHERE run_id = $1 GROUP BY strategy`,
    [runId],
  );
  const confusions = await queryRecords(
    store,
    `SELECT checkpoint_or_strategy AS strategy, true_class, predicted_class, avg(count) AS mean_count
     FROM confusions WHERE run_id = $1 AND source <> 'checkpoint' AND true_class <> predicted_class
     GROUP BY ALL`,
    [runId],
  );
  const meanConfusion = (strategy: string, from: number, to: number): number | null => {
    const row = confusions.find((r) => r.strategy === strategy && plainNumber(r.true_class) === from && plainNumber(r.predicted_class) === to);
    return row ? plainNumber(row.mean_count) : null;
  };
  const rank = (strategy: string): number => {
    const i = strategyOrder.indexOf(strategy);
    return i >= 0 ? i : strategyOrder.length;
  };
  const list = (value: PlainValue): number[] => (Array.isArray(value) ? value.map((v) => plainNumber(v) ?? Number.NaN) : []);
  return rows
    .map((row): FinetuneRow => {
      const strategy = String(row.strategy);
      const seeds = list(row.seeds);
      const accs = list(row.test_accs);
      return {
        strategy,
        runs: plainNumber(row.runs)!,
        testMean: plainNumber(row.test_mean)!,
        testStd: plainNumber(row.test_std),
        valMean: plainNumber(row.val_mean),
        valStd: plainNumber(row.val_std),
        removedMean: plainNumber(row.removed_mean),
        seeds: seeds.map((seed, i) => ({ seed, testAcc: accs[i] })),
        pairConfusions: pairs.flatMap(([a, b]) => {
          const ab = meanConfusion(strategy, a, b);
          const ba = meanConfusion(strategy, b, a);
          return ab === null && ba === null ? [] : [{ pair: [a, b] as const, mean: (ab ?? 0) + (ba ?? 0) }];
        }),
      };
    })
    .sort((x, y) => rank(x.strategy) - rank(y.strategy) || x.strategy.localeCompare(y.strategy));
}
