import { describe, expect, it } from 'vitest';
import { cellCoverage } from '../../../src/analysis/detection/cellCoverage.js';
import { relevanceMass } from '../../../src/analysis/detection/relevanceMass.js';
import { resampleCurve } from '../../../src/analysis/detection/resampleCurve.js';
import { scorecard } from '../../../src/analysis/detection/scorecard.js';
import type { PlantedSample } from '../../../src/data/plantDataset.js';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const record = (sample: number, kind: PlantedSample['kind'], mask: PlantedSample['mask']): PlantedSample => ({
  split: 'train', sample, plant: 0, kind, originalLabel: 0, givenLabel: 0, mask,
});

describe('cellCoverage', () => {
  it("is each map cell's covered share: an 8x8 image on a 2x2 map has 4x4-pixel cells", () => {
    // a 4x4 box at the origin is exactly cell (0, 0)
    expect(Array.from(cellCoverage(box(0, 0, 4, 4), 8, 8, 2, 2))).toEqual([1, 0, 0, 0]);
    // a 2x2 box at (3, 3) takes one pixel of each cell: 1/16 each
    expect(Array.from(cellCoverage(box(3, 3, 2, 2), 8, 8, 2, 2))).toEqual([1 / 16, 1 / 16, 1 / 16, 1 / 16]);
    // 28x28 on 7x7 (4-pixel cells): a 4x4 box at x 2, y 0 covers half of cells (0,0) and (0,1)
    const c = cellCoverage(box(2, 0, 4, 4), 28, 28, 7, 7);
    expect(c[0]).toBe(0.5);
    expect(c[1]).toBe(0.5);
    expect(c.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('relevanceMass', () => {
  it('is the mean share of positive relevance inside the mask, negatives counting 0, massless maps left out', () => {
    const maps = Float32Array.from([
      3, 1, -5, 0, // sample 0: R+ = 3, 1, 0, 0 -> inside (cell 0) 3 / 4
      0, 2, 2, 0, // sample 1: mask covers half of cell 1 -> 1 / 4
      -1, 0, 0, 0, // sample 2: no positive mass
    ]);
    const coverage = Float32Array.from([1, 0, 0, 0, 0, 0.5, 0, 0, 1, 0, 0, 0]);
    const r = relevanceMass(maps, coverage, 3);
    expect(r.withoutMass).toBe(1);
    expect(r.mean).toBeCloseTo((0.75 + 0.25) / 2, 12);
    expect(Number.isNaN(relevanceMass(new Float32Array(0), new Float32Array(0), 0).mean)).toBe(true);
    expect(() => relevanceMass(maps, new Float32Array(3), 3)).toThrow('12 map values and 3 coverage values for 3 samples');
  });
});

describe('resampleCurve', () => {
  it('reads the piecewise-linear curve at evenly spaced fractions', () => {
    const curve = { examined: Float64Array.from([0, 0.25, 1]), found: Float64Array.from([0, 0.5, 1]) };
    const r = resampleCurve(curve, 5); // x = 0, .25, .5, .75, 1
    expect(Array.from(r.examined)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(r.found).map((v) => Number(v.toFixed(12)))).toEqual([0, 0.5, Number((0.5 + (0.25 / 0.75) * 0.5).toFixed(12)), Number((0.5 + (0.5 / 0.75) * 0.5).toFixed(12)), 1]);
  });
});

describe('scorecard', () => {
  // 4 samples of 8x8 images; prototype maps 2x2 (4-pixel cells); sample 0 and 2 carry a shortcut square on cell (0, 0); sample 1 is label-flipped
  const planted = [record(0, 'shortcut', box(0, 0, 4, 4)), record(2, 'shortcut', box(0, 0, 4, 4)), record(1, 'label-flip', null)];
  const scores = new Map([
    ['perfect', Float64Array.from([0.9, 0.2, 0.8, 0.1])],
    ['flips', Float64Array.from([0.1, 0.9, 0.2, 0.3])],
  ]);
  const assignments = Int32Array.from([
    2, 0, 0, 1, // p2 on the square of sample 0
    1, 0, 0, 1,
    2, 1, 1, 1, // p2 on the square of sample 2
    2, 0, 0, 0, // p2 on an unmarked sample
  ]);
  const maps = Float32Array.from([
    1, 0, 0, 1, // sample 0: half its mass on the square
    4, 0, 0, 0, // sample 2: all of it
  ]);
  const card = scorecard({
    planted, samples: 4, labels: new Int32Array(4), imageHeight: 8, imageWidth: 8, scores,
    prototypes: { assignments, height: 2, width: 2, count: 3 },
    uncertain: new Set([2]),
    relevance: [{ method: 'gradcam', checkpoint: 3, samples: Int32Array.from([0, 2]), maps, height: 2, width: 2 }],
  });

  it('has one entry per kind, and "any" when there are several', () => {
    expect(card.map((k) => [k.kind, k.planted])).toEqual([['shortcut', 2], ['label-flip', 1], ['any', 3]]);
  });

  it('scores each method per kind: AUROC, average precision, precision at k', () => {
    const shortcut = card[0].detection;
    expect(shortcut.find((d) => d.method === 'perfect')).toMatchObject({ auroc: 1, averagePrecision: 1, precisionAtK: 1 });
    // 'flips' scores the planted 0 and 2 at 0.1 and 0.2, the clean 1 and 3 at 0.9 and 0.3: no planted above a clean one
    expect(shortcut.find((d) => d.method === 'flips')!.auroc).toBe(0);
    const flip = card[1].detection.find((d) => d.method === 'flips')!;
    expect(flip).toMatchObject({ auroc: 1, precisionAtK: 1 });
    expect(flip.curve.examined.length).toBe(101);
    expect(flip.curve.found[25]).toBe(1); // the one flip is first: found by a quarter examined
  });

  it('relevance mass and prototype shares for kinds with pixels; none for label-flip', () => {
    expect(card[0].relevanceMass).toEqual([{ method: 'gradcam', checkpoint: 3, samples: 2, withoutMass: 0, mean: 0.75 }]);
    // p2: 3 positions, 2 on planted cells -> 2/3; p0: 2 + 2 + 0 + 3 = 7 positions, none planted; p1: 1 + 2 + 3 + 0 = 6, none
    expect(card[0].prototypes).toEqual([
      { prototype: 0, positions: 7, plantedShare: 0, plantCoverage: 0, uncertain: false },
      { prototype: 1, positions: 6, plantedShare: 0, plantCoverage: 0, uncertain: false },
      { prototype: 2, positions: 3, plantedShare: 2 / 3, plantCoverage: 1, uncertain: true },
    ]);
    expect(card[1].relevanceMass).toEqual([]);
    expect(card[1].prototypes).toBeNull();
  });

  it('has no detection rows for a plant that marks every sample (decoy): nothing to separate', () => {
    const all = [0, 1, 2, 3].map((s) => record(s, 'decoy', box(4, 4, 4, 4)));
    const [decoy] = scorecard({ planted: all, samples: 4, labels: new Int32Array(4), imageHeight: 8, imageWidth: 8, scores, prototypes: { assignments, height: 2, width: 2, count: 3 }, uncertain: new Set(), relevance: [] });
    expect(decoy.detection).toEqual([]);
    // cell (1, 1) of each sample is planted: p1, p1, p1, p0 there
    expect(decoy.prototypes!.map((p) => p.plantedShare)).toEqual([1 / 7, 3 / 6, 0]);
    // of the 4 planted cells, p0 holds 1 and p1 holds 3
    expect(decoy.prototypes!.map((p) => p.plantCoverage)).toEqual([1 / 4, 3 / 4, 0]);
  });

  describe('within the given label', () => {
    // 6 samples; the planted run labels them 2, 2, 2, 2, 7, 7. Samples 0 and 1 carry a shortcut (label 2); sample 4 is
    // a 2 given label 7. The score 'class' ranks the 2s above the 7s, so it finds the shortcut overall partly by class.
    const flip: PlantedSample = { split: 'train', sample: 4, plant: 1, kind: 'label-flip', originalLabel: 2, givenLabel: 7, mask: null };
    const records = [{ ...record(0, 'shortcut', box(0, 0, 4, 4)), givenLabel: 2, originalLabel: 2 }, { ...record(1, 'shortcut', box(0, 0, 4, 4)), givenLabel: 2, originalLabel: 2 }, flip];
    const classScores = new Map([['class', Float64Array.from([0.9, 0.5, 0.8, 0.7, 0.1, 0.2])]]);
    const input = (labels: number[]) => ({
      planted: records, samples: 6, labels: Int32Array.from(labels), imageHeight: 8, imageWidth: 8, scores: classScores,
      prototypes: { assignments: new Int32Array(6 * 4), height: 2, width: 2, count: 1 }, uncertain: new Set<number>(), relevance: [],
    });
    const [shortcut, labelFlip, any] = scorecard(input([2, 2, 2, 2, 7, 7]));

    it('scores planted against clean samples of the same label only', () => {
      // overall: 0.9 beats the 4 clean samples, 0.5 beats 0.1 and 0.2 -> 6/8
      expect(shortcut.detection[0].auroc).toBe(0.75);
      expect(shortcut.withinLabel.map((w) => [w.label, w.samples, w.planted])).toEqual([[2, 4, 2]]);
      // within label 2: 0.9 beats 0.8 and 0.7, 0.5 beats neither -> 2/4; ranking P, c, c, P -> AP (1 + 2/4) / 2; P@2 = 1/2
      expect(shortcut.withinLabel[0].detection[0]).toMatchObject({ method: 'class', auroc: 0.5, averagePrecision: 0.75, precisionAtK: 0.5 });
      // the flipped 2 among the 7s: 0.1 against 0.2
      expect(labelFlip.withinLabel.map((w) => [w.label, w.samples, w.planted, w.detection[0].auroc])).toEqual([[7, 2, 1, 0]]);
      expect(any.withinLabel).toEqual([]);
    });

    it("scopes a control arm's samples by the planted run's labels: its own labels with the flips applied", () => {
      // the control has no flip: sample 4 is labelled 2 there, and is still scored among the 7s
      const control = scorecard(input([2, 2, 2, 2, 2, 7]));
      expect(control.map((k) => k.withinLabel)).toEqual([shortcut.withinLabel, labelFlip.withinLabel, []]);
    });

    it('leaves out a label where every sample is planted', () => {
      const all = scorecard({ ...input([2, 2, 7, 7, 7, 7]), planted: [records[0], records[1]] });
      expect(all[0].withinLabel).toEqual([]);
    });
  });
});
