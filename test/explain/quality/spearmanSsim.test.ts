import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../../src/analysis/averageRanks.js';
import { spearmanCorrelation } from '../../../src/explain/quality/spearman.js';
import { structuralSimilarity } from '../../../src/explain/quality/ssim.js';

/** Slow obvious Spearman: ranks by counting (ties averaged), then Pearson. */
function slowSpearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
  const ra = rank(a), rb = rank(b);
  const m = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = m(ra), mb = m(rb);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) ** 2; sbb += (rb[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** Slow obvious SSIM: for each window position, explicit weighted statistics with a 2-D Gaussian built directly. */
function slowSsim(a: number[], b: number[], h: number, w: number, size: number, sigma: number): number {
  const half = (size - 1) / 2;
  const raw: number[][] = [];
  for (let i = 0; i < size; i++) { raw.push([]); for (let j = 0; j < size; j++) raw[i].push(Math.exp(-((i - half) ** 2 + (j - half) ** 2) / (2 * sigma * sigma))); }
  const total = raw.flat().reduce((s, x) => s + x, 0);
  const L = Math.max(...a, ...b) - Math.min(...a, ...b);
  const c1 = (0.01 * L) ** 2, c2 = (0.03 * L) ** 2;
  const values: number[] = [];
  for (let y = 0; y <= h - size; y++) for (let x = 0; x <= w - size; x++) {
    const E = (f: (p: number, q: number) => number) => { let s = 0; for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) s += (raw[i][j] / total) * f(a[(y + i) * w + x + j], b[(y + i) * w + x + j]); return s; };
    const mx = E((p) => p), my = E((_, q) => q);
    const vx = E((p) => (p - mx) ** 2), vy = E((_, q) => (q - my) ** 2), cxy = E((p, q) => (p - mx) * (q - my));
    values.push(((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2)));
  }
  return values.reduce((s, v) => s + v, 0) / values.length;
}

describe('spearmanCorrelation', () => {
  it('averages tied ranks (hand value)', () => {
    expect(Array.from(averageRanks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    // ranks a = [1, 2.5, 2.5, 4], b = [1, 2, 3, 4]; deviations from 2.5: a [-1.5, 0, 0, 1.5], b [-1.5, -0.5, 0.5, 1.5]
    // sab = 4.5, saa = 4.5, sbb = 5 -> rho = 4.5 / sqrt(22.5) = 0.9486832980505138
    expect(spearmanCorrelation([10, 20, 20, 30], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    expect(spearmanCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearmanCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
  it('matches the slow implementation on random data with ties', () => {
    let s = 7;
    const r = () => ((s = (s * 16807) % 2147483647) % 5);
    const a = Array.from({ length: 49 }, r), b = Array.from({ length: 49 }, r);
    expect(spearmanCorrelation(a, b)).toBeCloseTo(slowSpearman(a, b), 10);
  });
});

describe('structuralSimilarity', () => {
  let s = 11;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  it('is 1 for identical maps and matches the slow implementation (11x11 window on 14x14, 7x7 window on 7x7)', () => {
    const a = Array.from({ length: 196 }, r), b = Array.from({ length: 196 }, r);
    expect(structuralSimilarity(a, a, 14, 14)).toBeCloseTo(1, 12);
    expect(structuralSimilarity(a, b, 14, 14)).toBeCloseTo(slowSsim(a, b, 14, 14, 11, 1.5), 10);
    const c = a.slice(0, 49), d = b.slice(0, 49);
    expect(structuralSimilarity(c, d, 7, 7)).toBeCloseTo(slowSsim(c, d, 7, 7, 7, 1.5), 10);
  });
});
