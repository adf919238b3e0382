import { describe, expect, it } from 'vitest';
import { selfConfidenceScore } from '../../../src/analysis/sampleScores/selfConfidenceScore.js';
import { checkpointSeriesOf } from './checkpointSeriesOf.js';

describe('selfConfidenceScore', () => {
  it('is 1 - p(given label) at the last checkpoint only', () => {
    const confidences = checkpointSeriesOf([
      [[0.5, 0.5], [0.75, 0.25]],
      [[1, 0], [0.75, 0.25]],
    ]);
    expect(Array.from(selfConfidenceScore(confidences, Int32Array.from([0, 1])))).toEqual([0, 0.75]);
  });
});
