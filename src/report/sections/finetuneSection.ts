import { intervalVerdict } from '../../analysis/pairedDifference.js';
import { formatPairedDifference, metricCells, percentPoints, signedFixed } from '../../finetune/formatPairedDifference.js';
import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { ClassPair, FinetuneComparison, ReplicateSet, StoredPairedComparison } from '../ReportData.js';
import type { SectionContext } from './SectionContext.js';

export function finetuneSection({ data, assets, className, img }: SectionContext): string {
  if (data.finetune.length === 0) {
    return `<section id="finetune">
<h2>Fine-tuning</h2>
<p>Fine-tuning has not been run yet for this run. Run <code>${escapeHtml(assets.finetuneCommand)}</code>, then write this report again.</p>
</section>`;
  }
  const pairs = [...new Map(data.finetune.flatMap((f) => f.pairConfusions.map((p) => [p.pair.join(','), p.pair] as const))).values()];
  const meanStd = (mean: number | null, std: number | null): string =>
    mean === null ? 'n/a' : std === null ? formatNumber.percent(mean, 2) : `${formatNumber.percent(mean, 2)} &plusmn; ${formatNumber.percent(std, 2)}`;
  const comparisons = data.finetuneComparisons;
  const reference = comparisons[0]?.baseline ?? null;
  const comparisonOf = (strategy: string) => comparisons.find((c) => c.strategy === strategy);
  const versus = (strategy: string): string => {
    if (strategy === reference) return 'reference';
    const accuracy = comparisonOf(strategy)?.accuracy;
    return accuracy ? formatPairedDifference({ n: accuracy.n, mean: accuracy.meanDiff, interval: accuracy.t }) : 'n/a';
  };
  const agreement = (strategy: string): string => (strategy === reference ? 'reference' : formatNumber.percent(comparisonOf(strategy)?.agreement ?? null, 2));
  const rows = data.finetune.map((f) =>
    `<tr><td>${escapeHtml(f.strategy)}</td><td class="num">${f.runs}</td><td class="num">${meanStd(f.testMean, f.testStd)}</td>` +
      `<td class="num">${versus(f.strategy)}</td><td class="num">${agreement(f.strategy)}</td>` +
      `<td class="num">${meanStd(f.valMean, f.valStd)}</td><td class="num">${formatNumber.plain(f.removedMean)}</td>` +
      pairs.map((pair) => `<td class="num">${formatNumber.plain(f.pairConfusions.find((p) => p.pair.join(',') === pair.join(','))?.mean ?? null)}</td>`).join('') +
      '</tr>',
  );
  const base = data.finetuneBase;
  const baseRow =
    `<tr><td>base (final checkpoint)</td><td class="num">-</td><td class="num">${meanStd(base.testAcc, null)}</td><td class="num">-</td><td class="num">-</td>` +
    `<td class="num">${meanStd(base.valAcc, null)}</td><td class="num">-</td>` +
    pairs.map((pair) => `<td class="num">${formatNumber.plain(base.pairConfusions.find((p) => p.pair.join(',') === pair.join(','))?.count ?? null)}</td>`).join('') +
    '</tr>';
  const pairHeads = pairs.map(([a, b]) => `<th>${escapeHtml(className(a))} &harr; ${escapeHtml(className(b))} confusions (mean)</th>`).join('');
  const against = escapeHtml(reference ?? 'the reference');
  return `<section id="finetune">
<h2>Fine-tuning</h2>
<p>Test and validation accuracy per strategy: mean &plusmn; sample standard deviation over seeds. Every strategy starts from the final checkpoint (first row).
The difference from ${against} is paired by seed (the same seed gives every strategy the same data order):
the mean of the per-seed test accuracy differences in percentage points, with its 95% t confidence interval; an interval that includes 0 shows no detectable difference.
The agreement column is the share of test images whose final predicted class equals ${against}'s for the same seed (mean over seeds): near 100% the second phase brought both to the same predictions.</p>
<table class="data"><thead><tr><th>strategy</th><th>seeds</th><th>test acc.</th><th>test acc. &minus; ${against} (pp, paired, 95% CI)</th><th>predictions as ${against}</th><th>val. acc.</th><th>samples removed (mean)</th>${pairHeads}</tr></thead>
<tbody>${[baseRow, ...rows].join('\n')}</tbody></table>
${comparisonsTable(comparisons, className, data.replicates.length > 0)}
${replicatesTables(data.replicates, data.runId, className)}
${assets.plots.finetune ? `<figure class="plot">${img(assets.plots.finetune, 'fine-tuning accuracy per strategy')}</figure>` : ''}
</section>`;
}

/** A paired comparison's cells from its count to its verdict: n, mean difference, t and bootstrap intervals, sign and Wilcoxon p, verdict. */
function pairedCells(c: StoredPairedComparison, unit: 'pp' | 'count', fewer: string): string {
  const signed = (x: number) => signedIn(unit, x);
  const interval = (i: { low: number; high: number } | null) => (i === null ? 'n/a' : `[${signed(i.low)}, ${signed(i.high)}]`);
  const p = (x: number | null) => (x === null ? 'n/a' : formatNumber.plain(x));
  const verdict = intervalVerdict(c.t) ?? `n/a (fewer than 2 ${fewer})`;
  return `<td class="num">${c.n}</td><td class="num">${c.meanDiff === null ? 'n/a' : signed(c.meanDiff)}</td>` +
    `<td class="num">${interval(c.t)}</td><td class="num">${interval(c.bootstrap)}</td><td class="num">${p(c.signP)}</td><td class="num">${p(c.wilcoxonP)}</td><td>${verdict}</td>`;
}

/** A difference with its sign, 2 decimals: accuracy (a fraction) in percentage points, confusions as counts. */
const signedIn = (unit: 'pp' | 'count', x: number): string => (unit === 'pp' ? percentPoints(x) : signedFixed(x));

const pairName = (className: (c: number) => string, [a, b]: ClassPair) => `${className(a)} \u2194 ${className(b)} confusions`;

/**
 * The stored paired comparisons (`finetune_comparisons`), one row per strategy and metric: the mean per-seed
 * difference from the reference with its 95% t and bootstrap intervals, the exact sign and Wilcoxon p-values, the
 * verdict of the t interval, and the strategy's prediction agreement per seed.
 */
function comparisonsTable(comparisons: readonly FinetuneComparison[], className: (c: number) => string, replicated: boolean): string {
  if (comparisons.length === 0) return '';
  const row = (strategy: string, metric: string, c: StoredPairedComparison, unit: 'pp' | 'count', agreement: string) =>
    `<tr><td>${escapeHtml(strategy)}</td><td>${escapeHtml(metric)}</td>${pairedCells(c, unit, 'seeds')}<td class="num">${agreement}</td></tr>`;
  const rows = comparisons.flatMap((c) => {
    const agreement = c.agreementBySeed.length > 0 ? c.agreementBySeed.map((a) => `${a.seed}: ${formatNumber.percent(a.agreement, 2)}`).join(', ') : formatNumber.percent(c.agreement, 2);
    return [
      ...(c.accuracy ? [row(c.strategy, 'test accuracy (pp)', c.accuracy, 'pp', agreement)] : []),
      ...c.confusions.map((p) => row(c.strategy, pairName(className, p.pair), p, 'count', agreement)),
    ];
  });
  const against = escapeHtml(comparisons[0].baseline);
  const overBases = replicated
    ? 'the table below has them over base models'
    : '<code>i2x replicate &lt;config&gt; --seeds 0,1,2,3</code> trains and fine-tunes one base model per seed and summarises the differences over them';
  return `<p>Each strategy against ${against}, paired by seed, as the finetune stage computed it (<code>finetune_comparisons</code>): the mean per-seed difference (strategy &minus; ${against}), its 95% t and percentile-bootstrap intervals, and exact two-sided sign and Wilcoxon signed-rank p-values (zero differences dropped). A difference is called higher or lower only when the t interval excludes 0; otherwise there is no detectable difference. The intervals are over fine-tuning seeds of this run's one base model: they leave out how much a difference varies between training runs, which on planted MNIST was more than between fine-tuning seeds (docs/experiments.md, experiment 2, addendum F); ${overBases}.</p>
<table class="data"><thead><tr><th>strategy</th><th>metric</th><th>seeds</th><th>mean difference</th><th>95% t CI</th><th>95% bootstrap CI</th><th>sign p</th><th>Wilcoxon p</th><th>verdict</th><th>predictions as ${against} (per seed)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

/**
 * The `i2x replicate` summaries this run belongs to (`finetune_replicates`): per strategy and metric, each base model's
 * mean difference over its fine-tuning seeds (this run's marked), and over those numbers the mean, 95% t and bootstrap
 * intervals, sign and Wilcoxon p and the verdict of the t interval.
 */
function replicatesTables(sets: readonly ReplicateSet[], runId: string, className: (c: number) => string): string {
  return sets
    .map((set) => {
      const rows = set.comparisons.map((c) => {
        const unit = c.pair === null ? 'pp' : 'count';
        const perBase = c.perBase.map((b) => (b.run === runId ? `<strong>${b.seed}: ${signedIn(unit, b.meanDiff)} (this run)</strong>` : `${b.seed}: ${signedIn(unit, b.meanDiff)}`)).join(', ');
        const metric = c.pair === null ? metricCells(c.metric).label : pairName(className, c.pair);
        return `<tr><td>${escapeHtml(c.strategy)}</td><td>${escapeHtml(c.baseline)}</td><td>${escapeHtml(metric)}</td>${pairedCells(c, unit, 'base models')}<td class="num">${perBase}</td></tr>`;
      });
      const runs = set.bases.map((b) => `<code>${escapeHtml(b.run)}</code>`).join(', ');
      return `<h3>Over base models (<code>${escapeHtml(set.runId)}</code>)</h3>
<p>The same config trained with ${set.bases.length} seeds (${runs}), each base model fine-tuned with the same fine-tuning seeds. Each base contributes one number per strategy and metric, the mean of its per-seed differences from the reference; the mean, 95% t and percentile-bootstrap intervals, and exact sign and Wilcoxon p-values are over those numbers, so they include how much a difference varies between training runs. A difference is called higher or lower only when the t interval excludes 0.</p>
<table class="data"><thead><tr><th>strategy</th><th>against</th><th>metric</th><th>base models</th><th>mean difference</th><th>95% t CI</th><th>95% bootstrap CI</th><th>sign p</th><th>Wilcoxon p</th><th>verdict</th><th>per base model (seed: mean difference)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
    })
    .join('\n');
}
