import { describe, expect, it } from 'vitest';
import { plantVerdict } from '../../../src/analysis/detection/plantSpecificPrototypes.js';
import type { KindScorecard } from '../../../src/analysis/detection/scorecard.js';

const card = (prototypes: [number, number, number, boolean][]): KindScorecard => ({
  kind: 'shortcut',
  planted: 10,
  detection: [], withinLabel: [],
  relevanceMass: [],
  prototypes: prototypes.map(([prototype, plantedShare, plantCoverage, uncertain]) => ({ prototype, positions: 100, plantedShare, plantCoverage, uncertain })),
});

describe('plantVerdict', () => {
  it('calls an uncertain prototype on the plant specific only when the control flags none on the same pixels', () => {
    const planted = card([[0, 0.9, 0.8, true], [1, 0.6, 0.1, false], [2, 0.1, 0.1, true]]);
    const cleanControl = card([[0, 0.7, 0.9, false], [1, 0.0, 0.1, true]]);
    const v = plantVerdict(planted, cleanControl)!;
    expect(v.flaggedOnPlant).toEqual([0]);
    expect(v.controlFlaggedOnPlant).toEqual([]);
    expect(v.specific).toEqual([0]);
    expect(v.sentence).toBe('shortcut: p0 is specific to the plant: uncertain and on the planted pixels, while the control flags no prototype there.');
    expect(v.coverageSentence).toBe('shortcut, by coverage: the uncertain prototype holding most of the planted cells is p0 (80% of them); in the control, p1 (10% of the same cells).');
    const flaggingControl = card([[4, 0.55, 0.6, true]]);
    const w = plantVerdict(planted, flaggingControl)!;
    expect(w.specific).toEqual([]);
    expect(w.sentence).toBe('shortcut: p0 is uncertain and on the planted pixels, but the control flags p4 on the same pixels without the plant: not specific to it.');
  });

  it('says when nothing flagged is on the plant, and when there is no control to tell', () => {
    const planted = card([[3, 0.05, 0.97, true]]);
    expect(plantVerdict(planted, card([]))!.sentence).toBe('shortcut: no uncertain prototype has 50% or more of its positions on the planted pixels; the analysis does not point at the plant.');
    expect(plantVerdict(planted, card([]))!.coverageSentence).toBe('shortcut, by coverage: the uncertain prototype holding most of the planted cells is p3 (97% of them); the control has no uncertain prototype.');
    const on = card([[3, 0.6, 0.97, true]]);
    expect(plantVerdict(on, null)!.sentence).toMatch(/p3 is uncertain and on the planted pixels; without a control run \(i2x validate\)/);
    expect(plantVerdict({ ...on, prototypes: null }, null)).toBeNull();
  });
});
