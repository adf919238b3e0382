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
export function qualitySection({ data, assets, img, className }: SectionContext): string {
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
${randomisationExamples(assets.randomisationExamples, img, className)}
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

/** Per method a table: a row per example sample, its map of the trained model, then after each cascade step. */
function randomisationExamples(examples: SectionContext['assets']['randomisationExamples'], img: SectionContext['img'], className: SectionContext['className']): string {
  if (examples.length === 0) return '';
  const tables = examples.map(({ method, layers, rows }) => {
    const steps = ['trained', ...layers.map((step) => step.join(' + '))];
    // a column is named by its convolution or dense layer; the BatchNorm re-initialised with it is shown dim below
    const heads = ['trained', ...layers.map(([first, ...rest]) => `${escapeHtml(first)}${rest.length ? `<br><span class="dim">+ ${escapeHtml(rest.join(' + '))}</span>` : ''}`)];
    const head = `<tr><th>sample</th>${heads.map((h) => `<th>${h}</th>`).join('')}</tr>`;
    const body = rows.map(({ sample, label, images }) =>
      `<tr><th class="rowhead">#${sample}<br>class ${escapeHtml(className(label))}</th>${images.map((file, k) => `<td>${img(file, `${method}, sample ${sample}, ${steps[k]}`)}</td>`).join('')}</tr>`);
    return `<h4>${escapeHtml(method)} <span class="dim">(column: the layers re-initialised at that step)</span></h4>
<div class="scroll"><table class="grid randomisation"><thead>${head}</thead>
<tbody>${body.join('\n')}</tbody></table></div>`;
  });
  return `<h3>Parameter randomisation: example maps</h3>
<p class="note">At checkpoint ${examples[0].checkpoint}: each sample's |map| for its label, first of the trained model, then after each step of the cascade (the step's layers re-initialised, with those of every step to its left); each map on its own colour scale, from 0 to its maximum. A method that explains the model changes as its layers are randomised.</p>
${tables.join('\n')}`;
}
