import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { SectionContext } from './SectionContext.js';
import { formatPercent } from '../../util/formatPercent.js';

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
${comparisonTable(data)}
${conservationTable(data)}
</section>`;
}

function comparisonTable(data: SectionContext['data']): string {
  if (new Set(data.legibilityComparison.map((r) => r.method)).size < 2) return '';
  const rows = data.legibilityComparison.map((r) =>
    `<tr><td>${escapeHtml(r.method)}</td><td class="num">${r.samples}</td><td class="num">${formatNumber.plain(r.contrast)}</td><td class="num">${formatNumber.plain(r.blobs)}</td><td class="num">${formatNumber.plain(r.gini)}</td></tr>`,
  );
  return `<h3>Methods compared on the same samples (checkpoint ${data.legibilityComparison[0].checkpoint})</h3>
<table class="data"><thead><tr><th>method</th><th>samples</th><th>contrast</th><th>blobs</th><th>Gini</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function conservationTable(data: SectionContext['data']): string {
  if (data.conservation.length === 0) return '';
  const rows = data.conservation.map((r) =>
    `<tr><td>${escapeHtml(r.method)}</td><td>${escapeHtml(r.layer)}</td><td class="num">${formatNumber.plain(r.relevanceSum)}</td><td class="num">${formatNumber.plain(r.logit)}</td><td class="num">${formatPercent(r.deviation, 1, '')}</td></tr>`,
  );
  return `<h3>LRP relevance conservation</h3>
<p>Per layer through which all relevance passes: the mean sum of relevance against the mean explained logit, and the mean relative deviation. Biases (including those of BatchNorm merged into the convolutions) absorb or add relevance, so deviations grow towards the input.</p>
<table class="data"><thead><tr><th>method</th><th>layer</th><th>relevance sum</th><th>logit</th><th>deviation</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}
