import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval, pairedStatistics, signTestP, wilcoxonSignedRankP } from '../../src/analysis/pairedStatistics.js';
import { studentTQuantile } from '../../src/analysis/studentTQuantile.js';

describe('studentTQuantile at the quantiles the comparison uses', () => {
  it('matches published t tables', () => {
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 6);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445, 6);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
  });
});

describe('signTestP (exact, zeros dropped)', () => {
  it('matches binomial sums by hand', () => {
    expect(signTestP([1, 2, 3, 4, 5])).toBeCloseTo(2 / 32, 12); // all 5 positive: 2 * (1/2)^5
    expect(signTestP([-1, -2, -3, -4, -5])).toBeCloseTo(2 / 32, 12);
    expect(signTestP([1, 1, 1, 1, -1, 1])).toBeCloseTo(14 / 64, 12); // k = 5 of 6: 2 * (6 + 1) / 64
    expect(signTestP([1, -2, 3, 0])).toBe(1); // zero dropped: k = 2 of 3, 2 * 4/8 capped at 1
    expect(signTestP([0, 0])).toBeNull();
    expect(signTestP([])).toBeNull();
  });
});

describe('wilcoxonSignedRankP (exact, zeros dropped, ties at mid-ranks)', () => {
  it('matches enumerations by hand', () => {
    expect(wilcoxonSignedRankP([1, 2, 3, 4, 5])).toBeCloseTo(2 / 32, 12); // W+ = 15, the maximum
    // ranks 1..5, W+ = 13; W+ >= 13 for {}, {1}, {2} negative (3 patterns), as many <= 2: 6 / 32 (scipy's 0.1875)
    expect(wilcoxonSignedRankP([1, -2, 3, 4, 5])).toBeCloseTo(6 / 32, 12);
    expect(wilcoxonSignedRankP([0, 1, -2, 3, 4, 5])).toBeCloseTo(6 / 32, 12); // the zero is dropped
    // |d| = 1 has rank 1, the three 2s share mid-rank 3; W+ = 9 of 10: only W+ in {0, 1, 9, 10} are as extreme: 4 / 16
    expect(wilcoxonSignedRankP([2, 2, 2, -1])).toBeCloseTo(4 / 16, 12);
    expect(wilcoxonSignedRankP([1, -1])).toBe(1);
    expect(wilcoxonSignedRankP([0])).toBeNull();
  });

  it('equals a slow enumeration of every sign pattern on distinct values', () => {
    const d = [0.3, -1.2, 2.5, 0.7, -0.1, 1.9, 3.3, -2.2];
    const ranks = d.map((x) => [...d].map(Math.abs).sort((a, b) => a - b).indexOf(Math.abs(x)) + 1);
    const total = (d.length * (d.length + 1)) / 2;
    const w = ranks.reduce((s, r, i) => s + (d[i] > 0 ? r : 0), 0);
    let extreme = 0;
    for (let mask = 0; mask < 2 ** d.length; mask++) {
      const s = ranks.reduce((sum, r, i) => sum + ((mask >> i) & 1 ? r : 0), 0);
      if (Math.abs(s - total / 2) >= Math.abs(w - total / 2)) extreme++;
    }
    expect(wilcoxonSignedRankP(d)).toBeCloseTo(extreme / 2 ** d.length, 12);
  });
});

describe('bootstrapMeanInterval (percentile, fixed seed)', () => {
  it('lands on the exact bootstrap quantiles of a small set', () => {
    // means of 3 draws from {0, 3, 6}: 0..6 with counts 1, 3, 6, 7, 6, 3, 1 of 27; the 10% quantile is 1 (cum 4/27),
    // the 90% quantile 5 (cum 23/27 < 0.9 <= 26/27)
    expect(bootstrapMeanInterval([0, 3, 6], 0.8, { samples: 10_000, seed: 15 })).toEqual({ low: 1, high: 5 });
    // two values: means 0, 0.5, 1 with 1/4, 1/2, 1/4; the 95% interval is the two values
    expect(bootstrapMeanInterval([0, 1], 0.95, { samples: 10_000, seed: 15 })).toEqual({ low: 0, high: 1 });
    expect(bootstrapMeanInterval([0.3, 0.3, 0.3], 0.95, { samples: 1000, seed: 7 })).toEqual({ low: 0.3, high: 0.3 });
  });

  it('is reproducible with its seed and changes with it', () => {
    const d = [0.013, -0.004, 0.021, 0.008, -0.011, 0.017];
    const a = bootstrapMeanInterval(d, 0.95, { samples: 2000, seed: 3 });
    expect(bootstrapMeanInterval(d, 0.95, { samples: 2000, seed: 3 })).toEqual(a);
    expect(bootstrapMeanInterval(d, 0.95, { samples: 2000, seed: 4 })).not.toEqual(a);
    expect(a.low).toBeLessThan(a.high);
  });

  it('refuses seed 0 and no values', () => {
    expect(() => bootstrapMeanInterval([1], 0.95, { samples: 10, seed: 0 })).toThrow(/seed = 0 is not accepted/);
    expect(() => bootstrapMeanInterval([], 0.95, { samples: 10, seed: 1 })).toThrow(/no values/);
  });
});

describe('pairedStatistics', () => {
  it('pairs by seed and reports every statistic of the differences', () => {
    const reference = [5, 8, 6, 9, 7].map((value, seed) => ({ seed, value }));
    const values = [4, 8, 3, 7, 6].map((value, seed) => ({ seed, value })); // differences -1, 0, -3, -2, -1
    const s = pairedStatistics(values, reference);
    expect(s.differences).toEqual([-1, 0, -3, -2, -1]);
    expect(s.mean).toBeCloseTo(-1.4, 12);
    // std: squares 0.16 + 1.96 + 2.56 + 0.36 + 0.16 = 5.2, / 4 = 1.3
    const half = (2.776445 * Math.sqrt(1.3)) / Math.sqrt(5);
    expect(s.interval!.low).toBeCloseTo(-1.4 - half, 5);
    expect(s.interval!.high).toBeCloseTo(-1.4 + half, 5);
    expect(s.signP).toBeCloseTo(2 / 16, 12); // four nonzero, all negative
    // nonzero |d| 1, 3, 2, 1: ranks 1.5, 4, 3, 1.5, all negative: W+ = 0 of 10; as extreme: 0 and 10 only (2 of 16)
    expect(s.wilcoxonP).toBeCloseTo(2 / 16, 12);
    expect(s.bootstrap!.low).toBeGreaterThanOrEqual(-3);
    expect(s.bootstrap!.high).toBeLessThanOrEqual(0);
    expect(pairedStatistics(values, reference)).toEqual(s);
  });

  it('has no intervals with one pair', () => {
    const s = pairedStatistics([{ seed: 1, value: 2 }], [{ seed: 1, value: 1 }]);
    expect(s.interval).toBeNull();
    expect(s.bootstrap).toBeNull();
    expect(s.signP).toBe(1);
  });
});
