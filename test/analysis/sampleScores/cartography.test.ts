import { describe, expect, it } from 'vitest';
import { cartography } from '../../../src/analysis/sampleScores/cartography.js';
import { checkpointSeriesOf } from './checkpointSeriesOf.js';

// [T=3, N=2, C=2]; sample 0 has label 0, sample 1 label 1
const confidences = checkpointSeriesOf([
  [[0.5, 0.5], [0.75, 0.25]],
  [[0.75, 0.25], [0.75, 0.25]],
  [[1, 0], [0.75, 0.25]],
]);
const labels = Int32Array.from([0, 1]);

describe('cartography', () => {
  it('is the mean and population std over checkpoints of p(given label)', () => {
    const scores = cartography(confidences, labels);
    // sample 0: p = 0.5, 0.75, 1 -> mean 0.75; deviations -0.25, 0, 0.25 -> var 0.125 / 3 (population, /T)
    // sample 1: p = 0.25 three times -> mean 0.25, std 0
    expect(Array.from(scores.confidence)).toEqual([0.75, 0.25]);
    expect(scores.variability[0]).toBeCloseTo(Math.sqrt(0.125 / 3), 12);
    expect(scores.variability[0]).not.toBeCloseTo(Math.sqrt(0.125 / 2), 3); // not the sample std (/(T-1))
    expect(scores.variability[1]).toBe(0);
    expect(Array.from(scores.hard)).toEqual([0.25, 0.75]);
    expect(Array.from(scores.ambiguous)).toEqual(Array.from(scores.variability));
  });

  it('refuses a label that is not a class and data that does not fit the shape', () => {
    expect(() => cartography(confidences, Int32Array.from([0, 2]))).toThrow(/label 2 of sample 1 is not a class; expected an integer in \[0, 2\)/);
    expect(() => cartography(confidences, Int32Array.from([0]))).toThrow(/1 labels for 2 samples/);
    expect(() => cartography({ data: new Float32Array(5), shape: [3, 2, 2] }, labels)).toThrow(/length 5 does not match shape \[3,2,2\]; expected 12/);
  });
});
