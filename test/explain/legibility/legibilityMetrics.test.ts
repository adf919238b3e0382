import { describe, expect, it } from 'vitest';
import { CONTRAST_MEDIAN_FLOOR, legibilityMetrics, legibilityMetricsBatch } from '../../../src/explain/legibility/legibilityMetrics.js';
import { countBlobs } from '../../../src/explain/legibility/countBlobs.js';

/** an h x w map with value v inside each [row0, col0, size] square, 0 elsewhere */
function squares(h: number, w: number, boxes: [number, number, number][], v = 1): Float32Array {
  const map = new Float32Array(h * w);
  for (const [r0, c0, size] of boxes) for (let r = r0; r < r0 + size; r++) for (let c = c0; c < c0 + size; c++) map[r * w + c] = v;
  return map;
}

describe('legibilityMetrics', () => {
  it('counts two separate squares as two blobs', () => {
    const map = squares(10, 10, [[1, 1, 3], [6, 5, 3]]); // 18 of 100 pixels: the 75th percentile is 0
    expect(legibilityMetrics(map, 10, 10).blobs).toBe(2);
  });

  it('counts blobs by 4-connectivity: diagonal neighbours are separate', () => {
    // 1 0
    // 0 1
    expect(countBlobs(Uint8Array.from([1, 0, 0, 1]), 2, 2)).toBe(2);
    expect(countBlobs(Uint8Array.from([1, 1, 0, 1]), 2, 2)).toBe(1);
  });

  it('uses |map|: a negative and a positive square are two blobs of the same weight', () => {
    const map = squares(8, 8, [[0, 0, 2]]);
    for (const i of [5 * 8 + 5, 5 * 8 + 6, 6 * 8 + 5, 6 * 8 + 6]) map[i] = -1;
    const m = legibilityMetrics(map, 8, 8);
    expect(m.blobs).toBe(2);
    expect(m).toEqual(legibilityMetrics(map.map(Math.abs), 8, 8));
  });

  it('gives a uniform map Gini 0, contrast 1 and no blobs (nothing is above the 75th percentile)', () => {
    const m = legibilityMetrics(new Float32Array(25).fill(3), 5, 5);
    expect(m.gini).toBeCloseTo(0, 12);
    expect(m.contrast).toBe(1);
    expect(m.blobs).toBe(0);
  });

  it('gives one hot pixel Gini (n-1)/n, close to 1, one blob and the floored, finite contrast', () => {
    const map = new Float32Array(100);
    map[37] = 5;
    const m = legibilityMetrics(map, 10, 10);
    expect(m.gini).toBeCloseTo(0.99, 10);
    expect(m.blobs).toBe(1);
    expect(m.contrast).toBeCloseTo(1 / CONTRAST_MEDIAN_FLOOR, 0);
    expect(Number.isFinite(m.contrast)).toBe(true);
  });

  it('matches hand-computed contrast and Gini on a small map', () => {
    // |map| sorted: 1 2 3 4 -> median 2.5, max 4, contrast 1.6
    // Gini = sum (2i - n - 1) a_i / (n sum a) = (-3*1 - 1*2 + 1*3 + 3*4) / (4 * 10) = 10 / 40 = 0.25
    const m = legibilityMetrics(Float32Array.from([1, -2, 3, 4]), 2, 2);
    expect(m.contrast).toBeCloseTo(1.6, 10);
    expect(m.gini).toBeCloseTo(0.25, 10);
    // 75th percentile of [1, 2, 3, 4] = 3.25: only the 4 is above it
    expect(m.blobs).toBe(1);
  });

  it('gives an all-zero map contrast 0, Gini 0 and no blobs', () => {
    expect(legibilityMetrics(new Float32Array(9), 3, 3)).toEqual({ contrast: 0, blobs: 0, gini: 0 });
  });

  it('the batched version equals the maps one at a time', () => {
    const a = squares(6, 6, [[0, 0, 2], [3, 3, 2]]);
    const b = Float32Array.from({ length: 36 }, (_, i) => Math.sin(i));
    const batch = new Float32Array(72);
    batch.set(a, 0);
    batch.set(b, 36);
    expect(legibilityMetricsBatch(batch, 2, 6, 6)).toEqual([legibilityMetrics(a, 6, 6), legibilityMetrics(b, 6, 6)]);
  });

  it('says when the map does not have h * w values', () => {
    expect(() => legibilityMetrics(new Float32Array(10), 3, 3)).toThrow(/10 values cannot be read as 3 x 3/);
    expect(() => legibilityMetricsBatch(new Float32Array(10), 2, 2, 2)).toThrow(/2 maps of 2 x 2/);
  });
});
