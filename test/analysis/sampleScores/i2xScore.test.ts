import { describe, expect, it } from 'vitest';
import { i2xScore } from '../../../src/analysis/sampleScores/i2xScore.js';
import { curate } from '../../../src/finetune/curate.js';

// 4 samples x 4 positions, K = 3 prototypes; prototypes 1 and 2 are uncertain.
const assignments = Int32Array.from([
  1, 1, 0, 0, // sample 0: p1 on 2 positions
  1, 0, 0, 0, // sample 1: p1 on 1 position
  2, 2, 1, 1, // sample 2: p2 and p1 on 2 each
  0, 0, 0, 0, // sample 3: neither
]);
const finalIntensities = Float32Array.from([
  0.9, 0.5, 0.0,
  0.9, 0.8, 0.0,
  0.1, 0.25, 0.75,
  0.3, 0.6, 0.6,
]);
const base = { assignments, positions: 4, prototypes: 3, uncertain: [1, 2], finalIntensities, minArea: 2 };

describe('i2xScore, the ranked curation rule', () => {
  it('is the largest final intensity over the uncertain prototypes a sample contains (>= minArea positions), else 0', () => {
    // sample 0: p1 (area 2) -> 0.5; sample 1: p1 has area 1 < 2 -> 0; sample 2: max(p1 0.25, p2 0.75); sample 3: none -> 0
    expect(Array.from(i2xScore(base))).toEqual([0.5, 0, Math.fround(0.75), 0]);
    expect(Array.from(i2xScore({ ...base, minArea: 1 }))).toEqual([0.5, Math.fround(0.8), Math.fround(0.75), 0]);
    expect(Array.from(i2xScore({ ...base, uncertain: [] }))).toEqual([0, 0, 0, 0]);
  });

  it('is above 0 exactly for the samples curation removes (no intensity threshold, positive intensities)', () => {
    const labels = Int32Array.from([0, 1, 1, 0]); // each class keeps a sample (curation refuses emptying one)
    const curation = curate({
      assignments, positions: 4, labels, classNames: ['a', 'b'], prototypes: 3, finalIntensities,
      uncertain: [{ prototype: 1, pair: [0, 1] }, { prototype: 2, pair: [0, 1] }] as never,
      pairs: [[0, 1]],
      options: { minArea: 2, intensityThreshold: null, classes: 'all', maxRemovedFraction: 1 } as never,
    });
    expect(Array.from(curation.removed)).toEqual(Array.from(i2xScore(base), (s) => (s > 0 ? 1 : 0)));
  });

  it('refuses an uncertain prototype outside 0..K-1 and intensities of the wrong shape', () => {
    expect(() => i2xScore({ ...base, uncertain: [3] })).toThrow('uncertain prototype 3 is not one of the 3 prototypes (0..2)');
    expect(() => i2xScore({ ...base, finalIntensities: new Float32Array(11) })).toThrow('11 final intensities for 4 samples x 3 prototypes');
  });
});
