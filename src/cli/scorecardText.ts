import { ON_PLANT_SHARE, plantVerdict, prototypesOnPlant } from '../analysis/detection/plantSpecificPrototypes.js';
import type { KindScorecard } from '../analysis/detection/scorecard.js';
import { formatPercent } from '../util/formatPercent.js';

const fixed = (v: number | undefined, digits = 3) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

/**
 * The scorecard `i2x validate` prints: per planted kind, each suspicion score's AUROC (and the control's on the
 * same samples), average precision and precision at k; the relevance mass on the planted pixels per checkpoint;
 * the prototypes on the planted pixels, and which of them, if any, is specific to the plant.
 */
export function scorecardText(runId: string, controlRun: string | null, planted: readonly KindScorecard[], control: readonly KindScorecard[] | null): string {
  const lines = [`Scorecard of '${runId}' against its plants${controlRun ? ` (control: '${controlRun}', the same config and samples without them)` : ''}`, ''];
  for (const card of planted) {
    const other = control?.find((c) => c.kind === card.kind) ?? null;
    lines.push(`${card.kind}: ${card.planted} planted training samples`);
    if (card.detection.length === 0) {
      lines.push('  every training sample (or none) carries this plant: no score can separate planted from clean samples');
    } else {
      lines.push(`  ${'method'.padEnd(22)} ${'AUROC'.padStart(6)} ${'control'.padStart(7)} ${'AP'.padStart(6)} ${'P@k'.padStart(6)}`);
      lines.push(...detectionRows(card.detection, other?.detection, '  '));
    }
    for (const within of card.withinLabel) {
      const c = other?.withinLabel.find((x) => x.label === within.label);
      lines.push(`  within label ${within.label} (${within.planted} planted of ${within.samples}; a score cannot win by ranking the class):`);
      lines.push(...detectionRows(within.detection, c?.detection, '    '));
    }
    const methods = [...new Set(card.relevanceMass.map((r) => r.method))];
    for (const method of methods) {
      const series = (k: KindScorecard | null) => (k?.relevanceMass ?? []).filter((r) => r.method === method).sort((a, b) => a.checkpoint - b.checkpoint).map((r) => fixed(r.mean, 2));
      const controlSeries = series(other);
      lines.push(`  relevance mass of ${method} on the planted pixels by checkpoint: ${series(card).join(' ')}${controlSeries.length ? `  (control: ${controlSeries.join(' ')})` : ''}`);
    }
    if (card.prototypes !== null) {
      const on = (k: KindScorecard | null) => prototypesOnPlant(k).map((p) => `p${p.prototype} ${formatPercent(p.plantedShare, 0)}${p.uncertain ? ' uncertain' : ''}`);
      const mine = on(card);
      lines.push(`  prototypes with ${ON_PLANT_SHARE * 100}%+ of their positions on planted pixels: ${mine.length ? mine.join(', ') : 'none'}${other ? `; control: ${on(other).join(', ') || 'none'}` : ''}`);
      const verdict = plantVerdict(card, other)!;
      lines.push(`  ${verdict.sentence}`);
      lines.push(`  ${verdict.coverageSentence}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One line per method, highest AUROC first: method, AUROC, the control's AUROC of the same method, AP, P@k; the
 * method column ends where the header's does (22 characters after two spaces) whatever the indent.
 */
function detectionRows(detection: KindScorecard['detection'], control: KindScorecard['detection'] | undefined, indent: string): string[] {
  return [...detection].sort((a, b) => b.auroc - a.auroc).map((d) => {
    const c = control?.find((x) => x.method === d.method);
    return `${indent}${d.method.padEnd(24 - indent.length)} ${fixed(d.auroc).padStart(6)} ${fixed(c?.auroc).padStart(7)} ${fixed(d.averagePrecision).padStart(6)} ${fixed(d.precisionAtK).padStart(6)}`;
  });
}
