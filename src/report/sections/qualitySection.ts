import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { QualityRow } from '../ReportData.js';
import type { SectionContext } from './SectionContext.js';

/** What each figure of saliency_quality means, in the order the tables come, and which way is better. */
const METRICS: readonly { metric: string; title: string; reading: string }[] = [
  { metric: 'mprt-spearman', title: 'Parameter randomisation: Spearman', reading: 'rank correlation of |map| with the trained model\'s after every layer is re-initialised (Adebayo et al. 2018); lower passes' },
  { metric: 'mprt-ssim', title: 'Parameter randomisation: SSIM', reading: 'structural similarity of the same maps; lower passes' },
  { metric: 'random-logit-spearman', title: 'Random logit: Spearman', reading: 'rank correlation of the true-class map with a random other class\'s; lower is more class-sensitive' },
  { metric: 'random-logit-ssim', title: 'Random logit: SSIM', reading: 'structural similarity of the same maps; lower is more class-sensitive' },
  { metric: 'deletion-auc', title: 'Deletion AUC', reading: 'true-class probability as the most relevant pixels are removed (Petsiuk et al. 2018); lower is more faithful' },
  { metric: 'insertion-auc', title: 'Insertion AUC', reading: 'true-class probability as the most relevant pixels are put back into a blurred image; higher is more faithful' },
  { metric: 'road-morf', title: 'ROAD, most relevant first', reading: 'mean true-class probability with the most relevant pixels imputed (Rong et al. 2022); lower is more faithful' },
  { metric: 'road-lerf', title: 'ROAD, least relevant first', reading: 'the same with the least relevant pixels imputed first; higher is more faithful' },
];

/**
 * The quality stage's figures (issue 16): one table per metric, a row per method (and the random-map floor and
 * planted-mask ceiling of the removal metrics), a column per scored checkpoint; then the cascading-
 * randomisation and removal curves. Only on the page when the store holds quality figures for the run.
 */
export function qualitySection({ data, assets, img }: SectionContext): string {
  if (data.quality.length === 0) return '';
  const { sampleSize, steps } = data.config.quality;
  const tables = METRICS.map(({ metric, title, reading }) => metricTable(data.quality.filter((r) => r.metric === metric), title, reading)).filter((t) => t !== '');
  const plot = (file: typeof assets.plots.removal, alt: string) => (file ? `<figure class="plot">${img(file, alt)}</figure>` : '');
  return `<section id="quality">
<h2>Saliency quality: sanity checks and faithfulness</h2>
<p>On ${sampleSize} training images drawn with the run's seed, each map explaining the sample's label; removal in ${steps} steps at the input resolution (maps upsampled bilinearly).
'random' is a map of uniform noise (the floor), 'planted' the box <code>data.plant</code> drew on the image (the ceiling, on the scored images that have one). Empty cells are undefined (Spearman of a constant map).</p>
${plot(assets.plots.randomisation, 'cascading parameter randomisation')}
${plot(assets.plots.removal, 'deletion and insertion curves')}
${tables.join('\n')}
</section>`;
}

function metricTable(rows: readonly QualityRow[], title: string, reading: string): string {
  if (rows.length === 0) return '';
  const checkpoints = [...new Set(rows.map((r) => r.checkpoint))].sort((a, b) => a - b);
  const methods = [...new Set(rows.map((r) => r.method))];
  const cell = (method: string, checkpoint: number) => {
    const row = rows.find((r) => r.method === method && r.checkpoint === checkpoint);
    return `<td class="num">${row && row.value !== null ? formatNumber.plain(row.value) : ''}</td>`;
  };
  const body = methods.map((m) => `<tr><td>${escapeHtml(m)}</td>${checkpoints.map((c) => cell(m, c)).join('')}</tr>`);
  return `<h3>${escapeHtml(title)}</h3>
<p class="note">${escapeHtml(reading)}.</p>
<table class="data"><thead><tr><th>method</th>${checkpoints.map((c) => `<th>checkpoint ${c}</th>`).join('')}</tr></thead>
<tbody>${body.join('\n')}</tbody></table>`;
}
