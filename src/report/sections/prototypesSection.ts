import { prototypeColorHex } from '../colormap.js';
import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import { mostCommonClasses } from '../mostCommonClasses.js';
import type { SectionContext } from './SectionContext.js';

export function prototypesSection({ data, assets, className, img }: SectionContext): string {
  const totalArea = data.prototypes.reduce((s, p) => s + p.areaTotal, 0);
  const legend = data.prototypes.map((p) =>
    `<tr><td><span class="swatch" style="background:${prototypeColorHex(p.prototype)}"></span> ${p.prototype}</td>` +
      `<td class="num">${p.areaTotal}</td><td class="num">${formatNumber.percent(totalArea > 0 ? p.areaTotal / totalArea : null)}</td>` +
      `<td class="num">${p.nSamples}</td><td>${escapeHtml(mostCommonClasses(p, className))}</td></tr>`,
  );
  const [mapHeight, mapWidth] = assets.mapSize;
  const maps = assets.saliencyRows.map((row) => {
    const sample = data.samples.find((s) => s.sample === row.sample)!;
    return `<figure>${img(row.prototypeMap, `prototype map of sample ${row.sample}`)}<figcaption>#${row.sample}, class ${escapeHtml(className(sample.label))}</figcaption></figure>`;
  });
  return `<section id="prototypes">
<h2>Prototypes and where they sit</h2>
<p>${data.prototypes.length} prototypes: k-means clusters of the final model's feature vectors (one per position of the
${mapHeight} x ${mapWidth} feature map of every training image). Each position of a sample belongs to one prototype; below,
each position's image cell is tinted with its prototype's colour (60 % colour, 40 % grey image). The same colours are used in
every plot.</p>
<table class="data"><thead><tr><th>prototype</th><th>positions</th><th>share</th><th>samples with it</th><th>most common class among them (= on a tie; share of that class's samples with it)</th></tr></thead>
<tbody>${legend.join('\n')}</tbody></table>
<div class="figures">${maps.join('\n')}</div>
</section>`;
}
