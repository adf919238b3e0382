import { ON_PLANT_SHARE, plantVerdict, prototypesOnPlant } from '../../analysis/detection/plantSpecificPrototypes.js';
import type { KindScorecard } from '../../analysis/detection/scorecard.js';
import { escapeHtml } from '../escapeHtml.js';
import { PLANT_EXAMPLES } from '../queryPlantExamples.js';
import type { SectionContext } from './SectionContext.js';
import { formatPercent } from '../../util/formatPercent.js';

const fixed = (v: number | undefined, digits = 3) => (v === undefined || Number.isNaN(v) ? '&ndash;' : v.toFixed(digits));

/**
 * The scorecard against planted ground truth (shown whenever the run has data.plant): per planted kind, each
 * suspicion score's detection figures beside the control's on the same samples, the relevance mass on the
 * planted pixels per checkpoint, the prototypes on the planted pixels, and in words which one, if any, is
 * specific to the plant.
 */
export function scorecardSection({ data, assets, img, className }: SectionContext): string {
  const card = data.scorecard;
  const examples = plantExamplesHtml(assets.plantExamples, img, className);
  if (card === null) {
    if (examples === '') return '';
    return `<section id="scorecard">
<h2>Scorecard: planted ground truth</h2>
<p>The run has plants but no scorecard in the store yet (its detection stage has not written one); the planted samples:</p>
${examples}
</section>`;
  }
  const controlNote = card.control
    ? `The control column scores the same training samples in <code>${escapeHtml(card.controlRun ?? '')}</code>, the same config and seed without the plants: a score that finds them there too finds something other than the plant.`
    : `No control run yet: run <code>i2x validate &lt;config&gt;</code> to score the same samples in the run without the plants, which tells a flag the plant caused from one a clean run raises too.`;
  const kinds = card.planted.map((k) => kindHtml(k, card.control?.find((c) => c.kind === k.kind) ?? null, assets.plots.scorecard.find((p) => p.kind === k.kind)?.plot ?? null, img));
  return `<section id="scorecard">
<h2>Scorecard: planted ground truth</h2>
<p>How well each per-sample score finds the samples <code>data.plant</code> changed (higher score = more suspect; AUROC 0.5 is chance, AP is average precision, P@k the planted share of the k highest-scored samples with k the number planted).
Relevance mass is the share of a saliency map's positive relevance on the planted pixels (Arras et al. 2022), averaged over the planted samples. ${controlNote}</p>
${examples}
${kinds.join('\n')}
</section>`;
}

function kindHtml(card: KindScorecard, control: KindScorecard | null, plot: Parameters<SectionContext['img']>[0] | null, img: SectionContext['img']): string {
  const parts = [`<h3>${escapeHtml(card.kind)}: ${card.planted} planted training samples</h3>`];
  if (card.detection.length === 0) {
    parts.push('<p>Every training sample carries this plant (or none does): no score can separate planted from clean samples.</p>');
  } else {
    parts.push(detectionTable(card.detection, control?.detection));
    if (plot) parts.push(`<figure class="plot">${img(plot, `${card.kind}: planted samples found against the data examined`)}</figure>`);
  }
  for (const within of card.withinLabel) {
    const c = control?.withinLabel.find((x) => x.label === within.label);
    parts.push(`<p>Within the training samples labelled ${within.label} (${within.planted} planted of ${within.samples}): planted against clean samples of the same given label, so a score cannot win by ranking the whole class above the others.</p>`);
    parts.push(detectionTable(within.detection, c?.detection));
  }
  const methods = [...new Set(card.relevanceMass.map((r) => r.method))];
  if (methods.length > 0) {
    const checkpoints = [...new Set(card.relevanceMass.map((r) => r.checkpoint))].sort((a, b) => a - b);
    const cell = (k: KindScorecard | null, method: string, t: number) => fixed(k?.relevanceMass.find((r) => r.method === method && r.checkpoint === t)?.mean, 2);
    const rows = methods.map((m) => `<tr><td>${escapeHtml(m)}</td>${checkpoints.map((t) => `<td class="num">${cell(card, m, t)}${control ? ` <span class="muted">(${cell(control, m, t)})</span>` : ''}</td>`).join('')}</tr>`);
    parts.push(`<p>Relevance mass on the planted pixels by checkpoint${control ? ' (control in brackets)' : ''}:</p><table class="data"><thead><tr><th>method</th>${checkpoints.map((t) => `<th>${t}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  if (card.prototypes !== null) {
    const on = (k: KindScorecard | null) => prototypesOnPlant(k).map((p) => `p${p.prototype} (${formatPercent(p.plantedShare, 0)}${p.uncertain ? ', uncertain' : ''})`);
    const mine = on(card);
    parts.push(`<p>Prototypes with ${ON_PLANT_SHARE * 100}% or more of their positions on planted pixels: ${mine.length ? mine.join(', ') : 'none'}${control ? `; in the control: ${on(control).join(', ') || 'none'}` : ''}.</p>`);
    const verdict = plantVerdict(card, control)!;
    parts.push(`<p><strong>${escapeHtml(verdict.sentence)}</strong><br>${escapeHtml(verdict.coverageSentence)}</p>`);
  }
  return parts.join('\n');
}

/** One row per score, highest AUROC first: AUROC, the control's AUROC of the same score, AP, P@k. */
function detectionTable(detection: KindScorecard['detection'], control: KindScorecard['detection'] | undefined): string {
  const rows = [...detection].sort((a, b) => b.auroc - a.auroc).map((d) => {
    const c = control?.find((x) => x.method === d.method);
    return `<tr><td>${escapeHtml(d.method)}</td><td class="num">${fixed(d.auroc)}</td><td class="num">${fixed(c?.auroc)}</td><td class="num">${fixed(d.averagePrecision)}</td><td class="num">${fixed(d.precisionAtK)}</td></tr>`;
  });
  return `<table class="data"><thead><tr><th>score</th><th>AUROC</th><th>AUROC in the control</th><th>AP</th><th>P@k</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * Per planted kind, its first training samples (by index) as the run trained on them, the planted pixels outlined,
 * each with its original -> given label, above a clean sample of the same original class.
 */
function plantExamplesHtml(examples: SectionContext['assets']['plantExamples'], img: SectionContext['img'], className: SectionContext['className']): string {
  if (examples.length === 0) return '';
  const name = (c: number) => escapeHtml(className(c));
  const rows = examples.map(({ kind, items }) => {
    const planted = items.map(({ planted: p }) => {
      const labels = `${className(p.originalLabel)} -> ${className(p.givenLabel)}`;
      const alt = `${kind}: planted training sample ${p.sample}, label ${labels}${p.outlined ? ', planted pixels outlined' : ''}`;
      return `<td><figure>${img(p.image, alt)}<figcaption${p.originalLabel !== p.givenLabel ? ' class="wrong"' : ''}>#${p.sample}: ${name(p.originalLabel)} &rarr; ${name(p.givenLabel)}</figcaption></figure></td>`;
    });
    const clean = items.map(({ planted: p, clean: c }) => {
      if (c === null) return `<td class="dim">no clean sample of class ${name(p.originalLabel)}</td>`;
      return `<td><figure>${img(c.image, `${kind}: clean training sample ${c.sample}, label ${className(c.label)}, beside planted sample ${p.sample}`)}<figcaption>#${c.sample}: ${name(c.label)}</figcaption></figure></td>`;
    });
    return `<h3>${escapeHtml(kind)}: examples</h3><div class="scroll"><table class="grid"><tbody>` +
      `<tr><th class="rowhead">planted (original &rarr; given label)</th>${planted.join('')}</tr>` +
      `<tr><th class="rowhead">clean, same original class</th>${clean.join('')}</tr></tbody></table></div>`;
  });
  return `<p>Examples of each planted kind: up to ${PLANT_EXAMPLES} of its planted training samples, lowest index first, as the run trained on them (planted pixels outlined in magenta, labels original &rarr; given), each above the first clean training sample (changed by no plant) of the same original class not shown yet.</p>
${rows.join('\n')}`;
}
