import { describe, expect, it } from 'vitest';
import { averageGradients } from '../../src/parallel/averageGradients.js';
import type { FlatBatchStats } from '../../src/parallel/FlatBatchStats.js';
import { poolBatchStats } from '../../src/parallel/poolBatchStats.js';

/** Per-channel mean and biased variance of rows [n][c], the obvious way. */
function moments(rows: number[][]): { mean: number[]; variance: number[] } {
  const c = rows[0].length;
  const mean = Array.from({ length: c }, (_, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);
  const variance = Array.from({ length: c }, (_, k) => rows.reduce((s, r) => s + (r[k] - mean[k]) ** 2, 0) / rows.length);
  return { mean, variance };
}

function statsOf(rows: number[][]): FlatBatchStats {
  const { mean, variance } = moments(rows);
  return { layers: ['bn'], channels: [mean.length], counts: [rows.length], values: Float32Array.from([...mean, ...variance]) };
}

describe('poolBatchStats', () => {
  it('gives the statistics of the union of the slices', () => {
    const a = [[1, 10], [2, 12], [4, 11]];
    const b = [[-3, 9], [7, 20]];
    const pooled = poolBatchStats([statsOf(a), statsOf(b)]);
    const whole = moments([...a, ...b]);
    expect(pooled.counts).toEqual([5]);
    [...whole.mean, ...whole.variance].forEach((v, i) => expect(pooled.values[i]).toBeCloseTo(v, 5));
  });

  it('returns a single slice unchanged, bit for bit', () => {
    const one = statsOf([[0.1, 0.2], [0.3, -0.7], [1.5, 2.5]]);
    expect(Array.from(poolBatchStats([one]).values)).toEqual(Array.from(one.values));
  });

  it('refuses slices from different layers', () => {
    const other = { ...statsOf([[1, 2]]), layers: ['other'] };
    expect(() => poolBatchStats([statsOf([[1, 2]]), other])).toThrow(/different layers/);
  });
});

describe('averageGradients', () => {
  it('weights each slice by its share of the batch', () => {
    const avg = averageGradients([Float32Array.from([1, 2]), Float32Array.from([4, 8])], [0.75, 0.25]);
    expect(Array.from(avg)).toEqual([1.75, 3.5]);
  });

  it('sums in float64 from 0 in slice order and rounds once, into the given array', () => {
    // 1 + 2^-30 - 1 is 2^-30 in float64 and 0 in float32 arithmetic; -0 + -0 stays -0 only without the leading 0
    const a = Float32Array.from([1, -0, 3]);
    const b = Float32Array.from([2 ** -30, -0, -1]);
    const c = Float32Array.from([-1, -0, 2 ** -25]);
    const into = new Float32Array(3);
    const avg = averageGradients([a, b, c], [1, 1, 1], into);
    expect(avg).toBe(into);
    const expected = [0, 1, 2].map((j) => Math.fround(0 + 1 * a[j] + 1 * b[j] + 1 * c[j]));
    expect(Array.from(avg)).toEqual(expected);
    expect(avg[0]).toBe(2 ** -30);
    expect(Object.is(avg[1], 0)).toBe(true);
    expect(() => averageGradients([a, b], [1, 1], new Float32Array(2))).toThrow(/holds 2 values, the gradients 3/);
    expect(() => averageGradients([a, b], [1])).toThrow(/1 weights for 2 gradients/);
  });
});
