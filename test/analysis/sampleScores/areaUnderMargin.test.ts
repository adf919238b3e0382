import { describe, expect, it } from 'vitest';
import { areaUnderMargin } from '../../../src/analysis/sampleScores/areaUnderMargin.js';
import { checkpointSeriesOf } from './checkpointSeriesOf.js';

describe('areaUnderMargin', () => {
  it('is minus the mean over checkpoints of z_y - max_{c != y} z_c', () => {
    // s0 (label 0): t0 2 - 1 = 1, t1 3 - 1 = 2 -> margin 1.5, score -1.5
    // s1 (label 2): t0 0 - 2 = -2, t1 1.5 - 0.5 = 1 -> margin -0.5, score 0.5
    const logits = checkpointSeriesOf([
      [[2, 1, -1], [1, 2, 0]],
      [[3, 0, 1], [0.5, -1, 1.5]],
    ]);
    const result = areaUnderMargin(logits, Int32Array.from([0, 2]));
    expect(Array.from(result.margin)).toEqual([1.5, -0.5]);
    expect(Array.from(result.score)).toEqual([-1.5, 0.5]);
  });

  it('refuses a single class', () => {
    expect(() => areaUnderMargin(checkpointSeriesOf([[[1]]]), Int32Array.from([0]))).toThrow(/at least 2 classes/);
  });
});
