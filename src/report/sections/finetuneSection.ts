import { formatPairedDifference } from '../../finetune/formatPairedDifference.js';
import { escapeHtml } from '../escapeHtml.js';
import { finetuneComparisons } from '../finetuneComparisons.js';
import { formatNumber } from '../formatNumber.js';
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
  const comparisons = finetuneComparisons(data.finetune);
  const versus = (strategy: string): string => {
    if (!comparisons || strategy === comparisons.reference.strategy) return 'reference';
    return formatPairedDifference(comparisons.differences.get(strategy)!);
  };
  const rows = data.finetune.map((f) =>
    `<tr><td>${escapeHtml(f.strategy)}</td><td class="num">${f.runs}</td><td class="num">${meanStd(f.testMean, f.testStd)}</td>` +
      `<td class="num">${versus(f.strategy)}</td>` +
      `<td class="num">${meanStd(f.valMean, f.valStd)}</td><td class="num">${formatNumber.plain(f.removedMean)}</td>` +
      pairs.map((pair) => `<td class="num">${formatNumber.plain(f.pairConfusions.find((p) => p.pair.join(',') === pair.join(','))?.mean ?? null)}</td>`).join('') +
      '</tr>',
  );
  const base = data.finetuneBase;
  const baseRow =
    `<tr><td>base (final checkpoint)</td><td class="num">-</td><td class="num">${meanStd(base.testAcc, null)}</td><td class="num">-</td>` +
    `<td class="num">${meanStd(base.valAcc, null)}</td><td class="num">-</td>` +
    pairs.map((pair) => `<td class="num">${formatNumber.plain(base.pairConfusions.find((p) => p.pair.join(',') === pair.join(','))?.count ?? null)}</td>`).join('') +
    '</tr>';
  const pairHeads = pairs.map(([a, b]) => `<th>${escapeHtml(className(a))} &harr; ${escapeHtml(className(b))} confusions (mean)</th>`).join('');
  return `<section id="finetune">
<h2>Fine-tuning</h2>
<p>Test and validation accuracy per strategy: mean &plusmn; sample standard deviation over seeds. Every strategy starts from the final checkpoint (first row).
The difference from ${escapeHtml(comparisons?.reference.strategy ?? 'the reference')} is paired by seed (the same seed gives every strategy the same data order):
the mean of the per-seed test accuracy differences in percentage points, with its 95% t confidence interval; an interval that includes 0 shows no detectable difference.</p>
<table class="data"><thead><tr><th>strategy</th><th>seeds</th><th>test acc.</th><th>test acc. &minus; ${escapeHtml(comparisons?.reference.strategy ?? 'reference')} (pp, paired, 95% CI)</th><th>val. acc.</th><th>samples removed (mean)</th>${pairHeads}</tr></thead>
<tbody>${[baseRow, ...rows].join('\n')}</tbody></table>
${assets.plots.finetune ? `<figure class="plot">${img(assets.plots.finetune, 'fine-tuning accuracy per strategy')}</figure>` : ''}
</section>`;
}
