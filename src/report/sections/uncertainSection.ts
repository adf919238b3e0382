import { prototypeColorHex } from '../colormap.js';
import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { SectionContext } from './SectionContext.js';

export function uncertainSection({ data, assets, className, img }: SectionContext): string {
  const { threshold, minSignChanges, scale } = data.config.analysis.uncertain;
  const pairs = (data.config.analysis.uncertain.pairs as [number, number][]).map(([a, b]) => `${escapeHtml(className(a))} vs ${escapeHtml(className(b))}`);
  const rows = data.uncertain.map((u) => {
    const [a, b] = u.pair;
    const series = u.differences
      .map((d, t) => `<span class="${u.signFlips.includes(t) ? 'flip' : u.consideredTransitions.includes(t) ? '' : 'dim'}">${formatNumber.signed(d)}</span>`)
      .join(' ');
    return `<tr><td><span class="swatch" style="background:${prototypeColorHex(u.prototype)}"></span> ${u.prototype}</td>` +
      `<td>${escapeHtml(className(a))} vs ${escapeHtml(className(b))}</td><td class="num">${u.signChanges}</td>` +
      `<td>${u.signFlips.join(', ')}</td><td class="num">${formatNumber.plain(u.maxMagnitude)}</td><td class="series">${series}</td></tr>`;
  });
  const plots = assets.plots.uncertain.map(({ pair, plot }) => `<figure class="plot">${img(plot, `uncertain prototypes of ${pair.join(' vs ')}`)}</figure>`);
  return `<section id="uncertain">
<h2>Uncertain prototypes</h2>
<p>A prototype is uncertain for a pair (a, b) when the sign of d_t = beta_t[k, a] - beta_t[k, b] (all-samples fit) flips at
least ${minSignChanges} times across transitions, counting only transitions with ${scale === 'absolute' ? `|d_t| >= ${formatNumber.plain(threshold)}` : `|d_t| >= ${formatNumber.plain(threshold)} times the largest |d_t| of any prototype for the pair at that transition`}
(pairs tested: ${pairs.join(', ')}). In the d_t column, flips are <span class="flip">marked</span> and transitions below the
threshold are <span class="dim">grey</span>.</p>
${rows.length === 0 ? '<p>No uncertain prototypes were found.</p>' : `<table class="data"><thead><tr><th>prototype</th><th>pair</th><th>sign changes</th><th>flips at transitions</th><th>max |d_t|</th><th>d_t per transition</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`}
${plots.join('\n')}
</section>`;
}
