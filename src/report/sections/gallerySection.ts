import { prototypeColorHex } from '../colormap.js';
import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import { mostCommonClasses } from '../mostCommonClasses.js';
import type { SectionContext } from './SectionContext.js';

export function gallerySection({ data, assets, className, img }: SectionContext): string {
  const [patchHeight, patchWidth] = assets.patchSize;
  const [mapHeight, mapWidth] = assets.mapSize;
  const [height, width] = assets.imageSize;
  const last = data.checkpoints[data.checkpoints.length - 1];
  const rows = assets.gallery.map(({ prototype, items }) => {
    const info = data.prototypes.find((p) => p.prototype === prototype);
    const dominant = info && info.mostCommonClasses.length > 0
      ? `, most common in class${info.mostCommonClasses.length > 1 ? 'es' : ''} ${escapeHtml(mostCommonClasses(info, className))}`
      : '';
    const patches = items.map((item) =>
      `<figure>${img(item.patch, `prototype ${prototype} in sample ${item.sample}`)}<figcaption>#${item.sample} (${escapeHtml(className(item.label))})<br>` +
        `intensity ${formatNumber.plain(item.intensity)}</figcaption></figure>`,
    );
    return `<div class="gallery-row"><h3><span class="swatch" style="background:${prototypeColorHex(prototype)}"></span> Prototype ${prototype}${dominant}</h3>` +
      `<div class="figures">${patches.length ? patches.join('') : '<p class="dim">present in no sample at the final checkpoint</p>'}</div></div>`;
  });
  return `<section id="gallery">
<h2>What each prototype looks like</h2>
<p>Reference images (as in concept relevance propagation): for each prototype, the training samples where its intensity
(mean saliency over its positions) is highest at the final checkpoint (${last.checkpoint}), strongest first. Each patch is the
${patchHeight} x ${patchWidth} px window around the prototype's most salient position in that sample: the position's own
receptive-field cell (${formatNumber.plain(height / mapHeight)} x ${formatNumber.plain(width / mapWidth)} px, outlined in the
prototype's colour) and one cell of context on each side.</p>
${rows.join('\n')}
</section>`;
}
