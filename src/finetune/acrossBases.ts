import { pairedVerdict } from '../analysis/pairedDifference.js';
import { pairedStatistics, type PairedStatistics } from '../analysis/pairedStatistics.js';
import { formatTable } from '../store/formatTable.js';
import { I2xError } from '../util/I2xError.js';
import type { FinetuneComparisonRow } from './finetuneComparisonRows.js';
import { metricCells, pValueCell } from './formatPairedDifference.js';

/** One base model's paired comparisons (finetuneComparisonRows of its fine-tuning runs), under the seed that trained it. */
export interface BaseComparisons {
  /** the training seed of the base model (the run's `seed`) */
  readonly seed: number;
  readonly rows: readonly FinetuneComparisonRow[];
}

/** One strategy against the reference on one metric, over base models. */
export interface AcrossBasesRow {
  readonly strategy: string;
  readonly baseline: string;
  readonly metric: string;
  /** per base, in seed order: the mean over its fine-tuning seeds of strategy - baseline */
  readonly perBase: readonly { readonly seed: number; readonly meanDiff: number }[];
  /** over bases: pairedStatistics of the per-base mean differences (t and bootstrap intervals, sign and Wilcoxon p) */
  readonly statistics: PairedStatistics;
}

/**
 * The comparisons of several base models (the same config trained with different seeds, each fine-tuned with the
 * same fine-tuning seeds) summarised over bases: each base contributes one number per strategy and metric, its mean
 * difference over fine-tuning seeds, and the intervals and tests are over those numbers. This is the unit a claim about
 * the curation method rests on: fine-tuning seeds of one base model leave out how much the difference varies between
 * training runs (docs/experiments.md, experiment 2, addendum F). Every base must have the same strategy, baseline and
 * metric rows.
 */
export function acrossBases(bases: readonly BaseComparisons[]): AcrossBasesRow[] {
  if (bases.length === 0) throw new I2xError('E_ANALYSIS', 'acrossBases: no base models; expected at least one');
  const seeds = bases.map((b) => b.seed);
  if (new Set(seeds).size !== seeds.length) throw new I2xError('E_ANALYSIS', `acrossBases: training seeds ${seeds.join(', ')} repeat; each base model needs its own seed`);
  const key = (r: Pick<FinetuneComparisonRow, 'strategy' | 'baseline' | 'metric'>) => `${r.strategy} vs ${r.baseline}: ${r.metric}`;
  const first = bases[0].rows.map(key);
  for (const base of bases) {
    const keys = base.rows.map(key);
    const missing = first.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !first.includes(k));
    if (missing.length > 0 || extra.length > 0) {
      throw new I2xError('E_ANALYSIS', `acrossBases: the base model of seed ${base.seed} has other comparisons than that of seed ${bases[0].seed}${missing.length ? ` (missing: ${missing.join('; ')})` : ''}${extra.length ? ` (extra: ${extra.join('; ')})` : ''}; every base must be fine-tuned with the same strategies and pairs`);
    }
  }
  const ordered = [...bases].sort((a, b) => a.seed - b.seed);
  return bases[0].rows.map((row) => {
    const perBase = ordered.map((base) => ({ seed: base.seed, meanDiff: base.rows.find((r) => key(r) === key(row))!.statistics.mean }));
    return {
      strategy: row.strategy,
      baseline: row.baseline,
      metric: row.metric,
      perBase,
      // the per-base mean differences against zero: their mean, t and bootstrap intervals, sign and Wilcoxon tests
      statistics: pairedStatistics(perBase.map((b) => ({ seed: b.seed, value: b.meanDiff })), perBase.map((b) => ({ seed: b.seed, value: 0 }))),
    };
  });
}

/** The summary as a text table; accuracy in percentage points, confusions in counts; a verdict per row. */
export function formatAcrossBases(rows: readonly AcrossBasesRow[]): string {
  if (rows.length === 0) return '';
  const columns = ['strategy', 'vs', 'metric', 'bases', 'per base (seed: mean diff)', 'mean', '95% t CI over bases', 'sign p', 'verdict'];
  const lines = rows.map(({ strategy, baseline, metric, perBase, statistics: s }) => {
    const { label, number, interval } = metricCells(metric);
    return [
      strategy, baseline, label, String(perBase.length), perBase.map((b) => `${b.seed}: ${number(b.meanDiff)}`).join(', '),
      number(s.mean), interval(s.interval), pValueCell(s.signP), pairedVerdict(s) ?? 'n/a (< 2 bases)',
    ];
  });
  return formatTable({ columns, types: columns.map((_, c) => (c === 3 ? 'INTEGER' : 'VARCHAR')), rows: lines });
}
