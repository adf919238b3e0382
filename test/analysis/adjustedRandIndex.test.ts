import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/analysis/adjustedRandIndex.js';
import { I2xError } from '../../src/util/I2xError.js';

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition under any renaming', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, -1, -1, 7])).toBe(1);
  });

  it('matches hand-computed values', () => {
    // contingency {(0,0):2, (1,1):1, (2,1):1}: index 1, expected 1/3, max 3/2 -> (2/3)/(7/6) = 4/7
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 12);
    // every pair split differently: index 0, expected 2/3, max 2 -> -1/2
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('gives 1 for two trivial labelings, as sklearn', () => {
    expect(adjustedRandIndex([3, 3, 3], [1, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
  });

  it('refuses labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(I2xError);
  });
});
