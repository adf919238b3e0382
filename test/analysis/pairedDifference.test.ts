import { describe, expect, it } from 'vitest';
import { pairedDifference, pairedVerdict, intervalVerdict } from '../../src/analysis/pairedDifference.js';
import { studentTQuantile } from '../../src/analysis/studentTQuantile.js';

describe('studentTQuantile', () => {
  it('matches the t table (two-sided 95% and 99% critical values)', () => {
    // printed tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), 3 decimals
    const table: [number, number, number][] = [
      [0.975, 1, 12.706], [0.975, 2, 4.303], [0.975, 3, 3.182], [0.975, 4, 2.776], [0.975, 5, 2.571],
      [0.975, 9, 2.262], [0.975, 30, 2.042], [0.975, 100, 1.984], [0.995, 4, 4.604], [0.995, 10, 3.169], [0.95, 4, 2.132],
    ];
    for (const [p, dof, t] of table) expect(studentTQuantile(p, dof), `t_{${p},${dof}}`).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451, 6);
  });

  it('agrees with the closed forms for 1 and 2 degrees of freedom, and is odd about p = 0.5', () => {
    for (const p of [0.6, 0.9, 0.975, 0.999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9); // Cauchy
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 9);
      expect(studentTQuantile(1 - p, 7)).toBeCloseTo(-studentTQuantile(p, 7), 12);
    }
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5); // the normal's
  });

  it('refuses probabilities outside (0, 1) and dof <= 0', () => {
    expect(() => studentTQuantile(1, 4)).toThrow(/p = 1 is not accepted; expected a probability in \(0, 1\)/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/dof = 0 is not accepted/);
  });
});

describe('pairedDifference', () => {
  it('pairs by seed and gives the t interval of the differences, by hand', () => {
    // seeds 0..4: differences 0.01, 0.03, 0.02, 0.00, 0.04 -> mean 0.02, squares 1+1+0+4+4 (x 1e-4) = 1e-3, std sqrt(1e-3 / 4) = 0.015811
    const reference = [0.90, 0.91, 0.92, 0.93, 0.94].map((value, seed) => ({ seed, value }));
    const values = [0.91, 0.94, 0.94, 0.93, 0.98].map((value, seed) => ({ seed, value })).reverse(); // order does not matter
    const d = pairedDifference(values, reference);
    expect(d.seeds).toEqual([0, 1, 2, 3, 4]);
    expect(d.mean).toBeCloseTo(0.02, 12);
    expect(d.std).toBeCloseTo(Math.sqrt(1e-3 / 4), 12);
    const half = (2.7764451 * Math.sqrt(1e-3 / 4)) / Math.sqrt(5); // 0.019632
    expect(d.interval!.low).toBeCloseTo(0.02 - half, 6);
    expect(d.interval!.high).toBeCloseTo(0.02 + half, 6);
    expect(d.interval!.low).toBeGreaterThan(0); // detectable
  });

  it('a shared seed effect cancels: unpaired stds overlap, the paired interval excludes 0', () => {
    // each strategy's accuracy varies by +-1 pp with the seed, but b is always 0.1 pp above a
    const a = [0.95, 0.96, 0.94, 0.955].map((value, seed) => ({ seed, value }));
    const b = a.map(({ seed, value }, i) => ({ seed, value: value + 0.001 + (i % 2 ? 1e-4 : -1e-4) }));
    const values = a.map((x) => x.value);
    const mean = values.reduce((sum, v) => sum + v, 0) / 4;
    const unpairedStd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 3); // 0.0085, 8x the difference
    expect(unpairedStd).toBeGreaterThan(8 * 0.001);
    const d = pairedDifference(b, a);
    expect(d.interval!.low).toBeGreaterThan(0);
    expect(d.mean).toBeCloseTo(0.001, 12);
  });

  it('uses only the seeds both have; with fewer than two pairs there is no interval', () => {
    const d = pairedDifference([{ seed: 0, value: 0.5 }, { seed: 3, value: 0.7 }], [{ seed: 3, value: 0.6 }, { seed: 4, value: 0.1 }]);
    expect(d).toEqual({ seeds: [3], differences: [expect.closeTo(0.1, 12)], mean: expect.closeTo(0.1, 12), std: null, interval: null });
    expect(pairedDifference([], []).seeds).toEqual([]);
  });

  it('pairedVerdict calls a difference only when the interval excludes 0', () => {
    const d = (low: number, high: number) => ({ seeds: [1, 2], differences: [low, high], mean: (low + high) / 2, std: 1, interval: { low, high } });
    expect(pairedVerdict(d(0.1, 0.3))).toBe('higher');
    expect(pairedVerdict(d(-0.3, -0.1))).toBe('lower');
    expect(pairedVerdict(d(-0.1, 0.3))).toBe('no detectable difference');
    expect(pairedVerdict(d(0, 0.3))).toBe('no detectable difference'); // an end at 0 still includes it
    expect(pairedVerdict({ seeds: [1], differences: [0.2], mean: 0.2, std: null, interval: null })).toBeNull();
  });

  it('does not call a difference from an interval without width: every pair the same nonzero difference', () => {
    // 0.3 - 0.1 = 0.19999999999999998 and 0.4 - 0.2 = 0.2: s_d ~ 2e-17, an interval one value to rounding
    const same = pairedDifference([{ seed: 0, value: 0.3 }, { seed: 1, value: 0.4 }], [{ seed: 0, value: 0.1 }, { seed: 1, value: 0.2 }]);
    expect(same.std).toBeGreaterThan(0);
    expect(same.interval!.high - same.interval!.low).toBeLessThan(1e-12);
    expect(pairedVerdict(same)).toBe('every difference equal');
    const exact = pairedDifference([1, 2, 3].map((seed) => ({ seed, value: -1 })), [1, 2, 3].map((seed) => ({ seed, value: 0 })));
    expect(exact.interval).toEqual({ low: -1, high: -1 });
    expect(pairedVerdict(exact)).toBe('every difference equal');
    // two base models of i2x replicate on the quick start, each one test image in 2,000 on one of five seeds: their
    // mean differences as stored, 2.2e-17 apart; the interval's half-width is 1.4e-12 of the mean
    const bases = pairedDifference([{ seed: 1, value: -0.00009999999999998899 }, { seed: 2, value: -0.00009999999999996679 }], [{ seed: 1, value: 0 }, { seed: 2, value: 0 }]);
    expect((bases.interval!.high - bases.interval!.low) / 2 / Math.abs(bases.mean)).toBeGreaterThan(1e-12);
    expect(pairedVerdict(bases)).toBe('every difference equal');
    // every difference 0 is no difference, and an interval as narrow as +-1e-9 around 0.05 (2e-8 of it) still has a width
    expect(intervalVerdict({ low: 0, high: 0 })).toBe('no detectable difference');
    expect(intervalVerdict({ low: 0.05 - 1e-9, high: 0.05 + 1e-9 })).toBe('higher');
    expect(intervalVerdict({ low: -0.05 - 1e-9, high: -0.05 + 1e-9 })).toBe('lower');
  });

  it('refuses a seed given twice', () => {
    expect(() => pairedDifference([{ seed: 1, value: 0 }, { seed: 1, value: 1 }], [])).toThrow('seed 1 appears twice in values');
  });
});
