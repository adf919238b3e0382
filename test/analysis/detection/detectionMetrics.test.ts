import { describe, expect, it } from 'vitest';
import { detectionMetrics } from '../../../src/analysis/detection/detectionMetrics.js';
import { I2xError } from '../../../src/util/I2xError.js';
import { SeededRandom } from '../../../src/util/SeededRandom.js';

const curveOf = (scores: number[], planted: number[]): number[][] => {
  const { curve } = detectionMetrics(scores, planted);
  return Array.from(curve.examined, (x, i) => [x, curve.found[i]]);
};

/** Slow, obvious references: AUROC over every (planted, clean) pair; AP over every distinct threshold. */
function slowAuroc(scores: number[], planted: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (!planted[i] || planted[j]) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function slowAveragePrecision(scores: number[], planted: boolean[]): number {
  const positives = planted.filter(Boolean).length;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let previousRecall = 0;
  let sum = 0;
  for (const threshold of thresholds) {
    const selected = scores.map((s, i) => [s >= threshold, planted[i]]).filter(([chosen]) => chosen);
    const found = selected.filter(([, p]) => p).length;
    const recall = found / positives;
    sum += (recall - previousRecall) * (found / selected.length);
    previousRecall = recall;
  }
  return sum;
}

describe('detectionMetrics', () => {
  it('gives the hand-computed values on a list with a tie', () => {
    // scores [0.9, 0.8, 0.8, 0.3], planted [1, 0, 1, 0]; P = 2, Q = 2
    // AUROC: pairs (planted, clean): (0.9, 0.8) 1, (0.9, 0.3) 1, (0.8, 0.8) 1/2, (0.8, 0.3) 1 -> 3.5 / 4 = 0.875
    // AP (thresholds 0.9, 0.8, 0.3): at 0.9 recall 1/2 precision 1/1; at 0.8 recall 1 precision 2/3; at 0.3
    //   recall unchanged -> 1/2 * 1 + 1/2 * 2/3 = 5/6 (sklearn's average_precision_score gives 0.8333)
    // P@2: 0.9 is in (planted); one of the two 0.8s is, planted with probability 1/2 -> (1 + 1/2) / 2 = 0.75
    // curve: (0, 0), after 0.9 (1/4, 1/2), after both 0.8s (3/4, 1), after 0.3 (1, 1)
    const scores = [0.9, 0.8, 0.8, 0.3];
    const planted = [1, 0, 1, 0];
    const metrics = detectionMetrics(scores, planted);
    expect(metrics.auroc).toBe(0.875);
    expect(metrics.averagePrecision).toBeCloseTo(5 / 6, 15);
    expect(metrics.precisionAtK).toBe(0.75);
    expect(curveOf(scores, planted)).toEqual([[0, 0], [0.25, 0.5], [0.75, 1], [1, 1]]);
  });

  it('gives chance values when every score is equal', () => {
    // one threshold: AUROC 1/2, AP = precision of all = 2/4, P@2 = 2 * 2/4 / 2, curve one straight step
    const metrics = detectionMetrics([0.5, 0.5, 0.5, 0.5], [true, false, false, true]);
    expect(metrics).toMatchObject({ auroc: 0.5, averagePrecision: 0.5, precisionAtK: 0.5 });
    expect(curveOf([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 1])).toEqual([[0, 0], [1, 1]]);
  });

  it('gives 1 for a perfect ranking and the hand-computed values for the reversed one', () => {
    expect(detectionMetrics([4, 3, 2, 1], Uint8Array.from([1, 1, 0, 0]))).toMatchObject({ auroc: 1, averagePrecision: 1, precisionAtK: 1 });
    expect(curveOf([4, 3, 2, 1], [1, 1, 0, 0])).toEqual([[0, 0], [0.25, 0.5], [0.5, 1], [0.75, 1], [1, 1]]);
    // reversed: planted at ranks 3 and 4 -> AP = 1/2 * 1/3 + 1/2 * 2/4 = 5/12, AUROC 0, nothing planted in the top 2
    const reversed = detectionMetrics([4, 3, 2, 1], Uint8Array.from([0, 0, 1, 1]));
    expect(reversed.auroc).toBe(0);
    expect(reversed.averagePrecision).toBeCloseTo(5 / 12, 15);
    expect(reversed.precisionAtK).toBe(0);
  });

  it('agrees with slow pairwise AUROC and per-threshold AP on tie-rich random lists', () => {
    const random = new SeededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + random.int(40);
      const scores = Array.from({ length: n }, () => random.int(6)); // many ties
      const planted = Array.from({ length: n }, (_, i) => i === 0 || (i !== 1 && random.next() < 0.3));
      const metrics = detectionMetrics(scores, planted);
      expect(metrics.auroc).toBeCloseTo(slowAuroc(scores, planted), 12);
      expect(metrics.averagePrecision).toBeCloseTo(slowAveragePrecision(scores, planted), 12);
    }
  });

  it('counts the tie group at the cut of P@k at its expected share', () => {
    // P = 2; scores [1, 1, 1, 0], planted [1, 0, 0, 1]: the top 2 are 2 of the three tied 1s, of which 1 is
    // planted -> expected 2 * 1/3 planted in the top 2 -> P@2 = 1/3
    expect(detectionMetrics([1, 1, 1, 0], [1, 0, 0, 1]).precisionAtK).toBeCloseTo(1 / 3, 15);
  });

  it('refuses no planted, no clean samples, a length mismatch and NaN, saying what is accepted', () => {
    expect(() => detectionMetrics([1, 2], [0, 0])).toThrow(/0 planted and 2 clean samples; expected at least one of each/);
    expect(() => detectionMetrics([1, 2], [1, 1])).toThrow(/2 planted and 0 clean samples/);
    expect(() => detectionMetrics([1, 2, 3], [1, 0])).toThrow(/3 scores but 2 planted-mask entries/);
    expect(() => detectionMetrics([1, NaN], [1, 0])).toThrow(/score of sample 1 is NaN/);
    let caught: unknown;
    try {
      detectionMetrics([1], [1]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(I2xError);
    expect((caught as I2xError).code).toBe('E_ANALYSIS');
  });
});
