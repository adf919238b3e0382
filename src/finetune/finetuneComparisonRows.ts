import { pairedVerdict } from '../analysis/pairedDifference.js';
import { pairedStatistics, type PairedStatistics } from '../analysis/pairedStatistics.js';
import { formatTable } from '../store/formatTable.js';
import type { FinetuneRunResult } from './FinetuneRunResult.js';
import { metricCells, pValueCell } from './formatPairedDifference.js';
import type { PredictionAgreement } from './predictionAgreement.js';

/** One strategy against the reference on one metric: the per-seed paired statistics (src/analysis/pairedStatistics.ts). */
export interface FinetuneComparisonRow {
  readonly strategy: string;
  readonly baseline: string;
  /** 'test_accuracy' (a fraction) or 'confusions a<->b' (a count of one configured pair) */
  readonly metric: string;
  readonly statistics: PairedStatistics;
  /** the mean over seeds of the strategy's prediction agreement with the baseline (the same on each metric row); null without predictions */
  readonly agreement: number | null;
}

/**
 * Every strategy but `baseline` (the reference, src/finetune/referenceStrategy.ts) against it, on test accuracy and on
 * each pair's confusions, with the strategy's mean prediction agreement with it (from `agreement`).
 */
export function finetuneComparisonRows(runs: readonly FinetuneRunResult[], baseline: string, agreement: PredictionAgreement = new Map()): FinetuneComparisonRow[] {
  const strategies = [...new Set(runs.map((r) => r.strategy))];
  const meanAgreement = (strategy: string): number | null => {
    const values = agreement.get(strategy);
    return values && values.length > 0 ? values.reduce((sum, a) => sum + a.value, 0) / values.length : null;
  };
  const of = (strategy: string) => runs.filter((r) => r.strategy === strategy);
  const metrics: { name: string; value: (r: FinetuneRunResult) => number }[] = [
    { name: 'test_accuracy', value: (r) => r.testAccuracy },
    ...(runs[0]?.pairConfusions ?? []).map(({ pair }, i) => ({ name: `confusions ${pair[0]}<->${pair[1]}`, value: (r: FinetuneRunResult) => r.pairConfusions[i].count })),
  ];
  return strategies
    .filter((s) => s !== baseline)
    .flatMap((strategy) =>
      metrics.map(({ name, value }) => ({
        strategy,
        baseline,
        metric: name,
        statistics: pairedStatistics(
          of(strategy).map((r) => ({ seed: r.seed, value: value(r) })),
          of(baseline).map((r) => ({ seed: r.seed, value: value(r) })),
        ),
        agreement: meanAgreement(strategy),
      })),
    );
}

/** The comparisons as a text table; accuracy in percentage points, confusions in counts; a verdict per row. */
export function formatFinetuneComparisons(rows: readonly FinetuneComparisonRow[]): string {
  if (rows.length === 0) return '';
  const columns = ['strategy', 'vs', 'metric', 'n', 'mean diff', '95% t CI', '95% bootstrap CI', 'sign p', 'Wilcoxon p', 'verdict'];
  const lines = rows.map(({ strategy, baseline, metric, statistics: s }) => {
    const { label, number, interval } = metricCells(metric);
    const verdict = pairedVerdict(s) ?? 'n/a (< 2 seeds)';
    return [strategy, baseline, label, String(s.seeds.length), number(s.mean), interval(s.interval), interval(s.bootstrap), pValueCell(s.signP), pValueCell(s.wilcoxonP), verdict];
  });
  return formatTable({ columns, types: columns.map((_, c) => (c === 3 ? 'INTEGER' : 'VARCHAR')), rows: lines });
}
