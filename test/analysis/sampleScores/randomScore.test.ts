import { describe, expect, it } from 'vitest';
import { randomScore } from '../../../src/analysis/sampleScores/randomScore.js';

describe('randomScore', () => {
  it('is the same for a seed, different for another, uniform in [0, 1)', () => {
    const a = randomScore(1000, 7);
    expect(Array.from(randomScore(1000, 7))).toEqual(Array.from(a));
    expect(Array.from(randomScore(1000, 8))).not.toEqual(Array.from(a));
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05); // 1000 uniforms: sd of the mean 0.009
  });

  it('refuses a negative count', () => {
    expect(() => randomScore(-1, 7)).toThrow(/samples = -1; expected an integer >= 0/);
  });
});
