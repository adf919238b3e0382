import { I2xError } from '../../util/I2xError.js';
import { countBlobs } from './countBlobs.js';
import { quantileOfSorted } from './quantile.js';

/** How readable a saliency map is; all three are computed on |map|, so the sign convention does not matter. */
export interface LegibilityMetrics {
  /**
   * max / median of |map|. A map whose median is 0 (mostly empty) would give Infinity, so the median is
   * floored at 1e-6 * max: contrast is then at most 1e6 (and 0 for an all-zero map). Invariant to scaling.
   */
  contrast: number;
  /** 4-connected components of the pixels with |map| above the 75th percentile of |map| (0 for a uniform map) */
  blobs: number;
  /** Gini coefficient of |map|: 0 when every pixel is equal (or all are 0), (n-1)/n when one pixel holds everything */
  gini: number;
}

/** Floor of the median relative to the maximum, so that contrast stays finite. */
export const CONTRAST_MEDIAN_FLOOR = 1e-6;

/** Legibility of one saliency map [h, w] (row-major). */
export function legibilityMetrics(map: ArrayLike<number>, h: number, w: number): LegibilityMetrics {
  const n = h * w;
  if (!(n > 0) || map.length !== n) {
    throw new I2xError('E_ANALYSIS', `A saliency map of ${map.length} values cannot be read as ${h} x ${w}; give h * w values, row-major.`);
  }
  const magnitude = Float64Array.from(map, Math.abs);
  const sorted = magnitude.slice().sort();
  const max = sorted[n - 1];
  const median = quantileOfSorted(sorted, 0.5);
  const contrast = max === 0 ? 0 : max / Math.max(median, CONTRAST_MEDIAN_FLOOR * max);

  const threshold = quantileOfSorted(sorted, 0.75);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = magnitude[i] > threshold ? 1 : 0;
  const blobs = countBlobs(mask, h, w);

  // Gini = sum_i (2i - n - 1) a_i / (n sum a), a sorted ascending, i = 1..n
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (2 * (i + 1) - n - 1) * sorted[i];
  }
  const gini = total > 0 ? weighted / (n * total) : 0;
  return { contrast, blobs, gini };
}

/** Legibility of each of a batch of maps [N, h, w] (row-major), in order. */
export function legibilityMetricsBatch(maps: Float32Array, n: number, h: number, w: number): LegibilityMetrics[] {
  if (maps.length !== n * h * w) {
    throw new I2xError('E_ANALYSIS', `A batch of ${maps.length} saliency values cannot be read as ${n} maps of ${h} x ${w}; give n * h * w values.`);
  }
  const size = h * w;
  return Array.from({ length: n }, (_, i) => legibilityMetrics(maps.subarray(i * size, (i + 1) * size), h, w));
}
