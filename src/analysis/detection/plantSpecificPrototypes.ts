import type { KindScorecard } from './scorecard.js';
import { formatPercent } from '../../util/formatPercent.js';

/** A prototype "on" the planted pixels: at least this share of its positions are planted pixels (docs/method.md, "Scorecard"). */
export const ON_PLANT_SHARE = 0.5;

/** The prototypes of a scorecard on the plant (planted share >= ON_PLANT_SHARE), in prototype order; none for a kind without pixels. */
export function prototypesOnPlant(card: KindScorecard | null): NonNullable<KindScorecard['prototypes']> {
  return (card?.prototypes ?? []).filter((p) => p.plantedShare >= ON_PLANT_SHARE);
}

export interface PlantVerdict {
  kind: string;
  /** uncertain prototypes of the planted run on the planted pixels */
  flaggedOnPlant: number[];
  /** uncertain prototypes of the control on the same pixels (nothing planted there); null when no control was given */
  controlFlaggedOnPlant: number[] | null;
  /** the planted run's prototypes specific to the plant: flagged on the plant while the control flags none there */
  specific: number[];
  /** one sentence for the table and the report */
  sentence: string;
  /**
   * The second reading, by coverage (added after the first full-MNIST scorecard, docs/experiments.md): the uncertain
   * prototype holding the largest share of the planted cells, in the run and in the control. A plant of one cell in
   * 49 can never be 50% of a prototype that also covers other cells, so the share rule alone cannot fire there.
   */
  coverage: { planted: { prototype: number; coverage: number } | null; control: { prototype: number; coverage: number } | null };
  coverageSentence: string;
}

/**
 * Which prototype, if any, is specific to the plant (issue 14): a prototype of the planted run is on the plant when
 * at least ON_PLANT_SHARE of its positions are planted pixels; it is specific when it is uncertain for the pair and
 * the control run (the same samples and pixels without the plant) has no uncertain prototype on the same pixels.
 * A flag the clean run raises too says nothing about the plant. Kinds without pixels (label-flip) get no verdict.
 */
export function plantVerdict(planted: KindScorecard, control: KindScorecard | null): PlantVerdict | null {
  if (planted.prototypes === null) return null;
  const onPlant = (card: KindScorecard) => prototypesOnPlant(card).filter((p) => p.uncertain).map((p) => p.prototype);
  const flaggedOnPlant = onPlant(planted);
  const controlFlaggedOnPlant = control ? onPlant(control) : null;
  const specific = controlFlaggedOnPlant === null || controlFlaggedOnPlant.length > 0 ? [] : flaggedOnPlant;
  const names = (ks: number[]) => ks.map((k) => `p${k}`).join(', ');
  const threshold = `${ON_PLANT_SHARE * 100}%`;
  let sentence: string;
  if (flaggedOnPlant.length === 0) {
    sentence = `${planted.kind}: no uncertain prototype has ${threshold} or more of its positions on the planted pixels; the analysis does not point at the plant.`;
  } else if (controlFlaggedOnPlant === null) {
    sentence = `${planted.kind}: ${names(flaggedOnPlant)} ${flaggedOnPlant.length > 1 ? 'are' : 'is'} uncertain and on the planted pixels; without a control run (i2x validate) it cannot be told from a flag a clean run raises too.`;
  } else if (specific.length > 0) {
    sentence = `${planted.kind}: ${names(specific)} ${specific.length > 1 ? 'are' : 'is'} specific to the plant: uncertain and on the planted pixels, while the control flags no prototype there.`;
  } else {
    sentence = `${planted.kind}: ${names(flaggedOnPlant)} ${flaggedOnPlant.length > 1 ? 'are' : 'is'} uncertain and on the planted pixels, but the control flags ${names(controlFlaggedOnPlant)} on the same pixels without the plant: not specific to it.`;
  }
  const leader = (card: KindScorecard | null) => {
    let best: { prototype: number; coverage: number } | null = null;
    for (const p of card?.prototypes ?? []) if (p.uncertain && (best === null || p.plantCoverage > best.coverage)) best = { prototype: p.prototype, coverage: p.plantCoverage };
    return best;
  };
  const coverage = { planted: leader(planted), control: control ? leader(control) : null };
  const pct = (v: number) => formatPercent(v, 0);
  const mine = coverage.planted ? `the uncertain prototype holding most of the planted cells is p${coverage.planted.prototype} (${pct(coverage.planted.coverage)} of them)` : 'no prototype is uncertain';
  const theirs = control === null ? '' : coverage.control ? `; in the control, p${coverage.control.prototype} (${pct(coverage.control.coverage)} of the same cells)` : '; the control has no uncertain prototype';
  const coverageSentence = `${planted.kind}, by coverage: ${mine}${theirs}.`;
  return { kind: planted.kind, flaggedOnPlant, controlFlaggedOnPlant, specific, sentence, coverage, coverageSentence };
}
