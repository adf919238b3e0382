import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { SectionContext } from './SectionContext.js';

/** Only on the page when the store has saliency metrics for the run. */
export function legibilitySection({ data, assets, img }: SectionContext): string {
  if (data.legibility.length === 0) return '';
  const rows = data.legibility.map((r) =>
    `<tr><td>${escapeHtml(r.method)}</td><td class="num">${r.checkpoint}</td><td class="num">${r.samples}</td>` +
      `<td class="num">${formatNumber.plain(r.contrast)}</td><td class="num">${formatNumber.plain(r.blobs)}</td><td class="num">${formatNumber.plain(r.gini)}</td></tr>`,
  );
  return `<section id="legibility">
<h2>Legibility of the saliency maps</h2>
<p>Mean per checkpoint over the scored samples: contrast, number of blobs and Gini coefficient of each map.</p>
${assets.plots.legibility ? `<figure class="plot">${img(assets.plots.legibility, 'legibility per checkpoint')}</figure>` : ''}
<table class="data"><thead><tr><th>method</th><th>checkpoint</th><th>samples</th><th>contrast</th><th>blobs</th><th>Gini</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>`;
}
