import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { SectionContext } from './SectionContext.js';

export function saliencySection({ data, assets, className, img }: SectionContext): string {
  const { config, checkpoints, samples } = data;
  const [height, width] = assets.imageSize;
  const [mapHeight, mapWidth] = assets.mapSize;
  const method = config.analysis.saliency.method === 'gradcam' ? 'Grad-CAM' : `LRP (${config.analysis.saliency.method})`;
  const header = checkpoints
    .map((c) => `<th>checkpoint ${c.checkpoint}<br><span class="dim">epoch ${formatNumber.plain(c.epoch, 2)}, test ${formatNumber.percent(c.testAcc)}</span></th>`)
    .join('');
  const rows = assets.saliencyRows.map((row) => {
    const sample = samples.find((s) => s.sample === row.sample)!;
    const why = sample.reason.kind === 'confused'
      ? `predicted as ${escapeHtml(className(sample.reason.other))} at ${sample.reason.checkpoints} checkpoint(s)`
      : `${sample.reason.first ? 'first' : 'a further'} sample of its class`;
    const cells = row.overlays.map((overlay, t) => {
      const p = sample.predictions.find((x) => x.checkpoint === checkpoints[t].checkpoint);
      const caption = p
        ? `<figcaption class="${p.predicted === sample.label ? '' : 'wrong'}">pred ${escapeHtml(className(p.predicted))} &middot; p(${escapeHtml(className(sample.label))})=${formatNumber.plain(p.confidence, 2)}</figcaption>`
        : '';
      return `<td><figure>${img(overlay, `saliency of sample ${row.sample} at checkpoint ${checkpoints[t].checkpoint}`)}${caption}</figure></td>`;
    });
    const bar = `<td class="bar"><div class="colorbar">${img(assets.colorBar, 'colour bar')}<div class="ticks"><span>${formatNumber.plain(row.range.max)}</span><span>${formatNumber.plain((row.range.max + row.range.min) / 2)}</span><span>${formatNumber.plain(row.range.min)}</span></div></div></td>`;
    return `<tr><th class="rowhead">#${row.sample}<br>class ${escapeHtml(className(sample.label))}<br><span class="dim">${why}</span></th>` +
      `<td>${img(row.image, `training sample ${row.sample}`)}</td>${cells.join('')}${bar}</tr>`;
  });
  return `<section id="saliency">
<h2>Where the model looks, checkpoint by checkpoint</h2>
<p>${escapeHtml(method)} maps of the true class at the feature layer (${mapHeight} x ${mapWidth}), upsampled bilinearly to the
${height} x ${width} image and blended half and half with the grey image. <strong>Normalisation: one colour scale per row</strong>
(${escapeHtml(assets.colormap)}), from 0 (or the smallest value, if negative) to the largest raw value of that sample's maps over all
checkpoints, as printed beside the colour bar; so within a row brighter means stronger saliency at that checkpoint, and rows
are not comparable with each other. Under each map: the predicted class and the confidence of the true class at that checkpoint
(red when wrong). Samples: for each configured pair, samples of its classes that were predicted as the other class at the most
checkpoints; then examples of the other classes.</p>
${rows.length === 0 ? '<p>No samples to show (report.samples is 0).</p>' : `<div class="scroll"><table class="grid"><thead><tr><th>sample</th><th>image</th>${header}<th>scale</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`}
</section>`;
}
