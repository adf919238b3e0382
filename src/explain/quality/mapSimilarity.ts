import { spearmanCorrelation } from './spearman.js';
import { structuralSimilarity } from './ssim.js';

/** How alike two sets of maps are, per sample and on average. */
export interface MapSimilarity {
  /** [N] Spearman rank correlation of |a_i| and |b_i| (NaN where either map is constant) */
  spearman: Float64Array;
  /** [N] SSIM of |a_i| and |b_i| */
  ssim: Float64Array;
  /** mean over the samples where it is defined (NaN when it is defined for none) */
  meanSpearman: number;
  meanSsim: number;
}

/**
 * The sanity checks' similarity (Adebayo et al. 2018) of two [N, h, w] map sets: Spearman and SSIM of the
 * absolute maps, sample by sample. A constant map (Grad-CAM after a randomisation often is all zeros) has
 * no ranks, so its Spearman is NaN and the mean leaves it out.
 */
export function mapSimilarity(a: Float32Array, b: Float32Array, shape: { n: number; height: number; width: number }): MapSimilarity {
  const { n, height, width } = shape;
  const pixels = height * width;
  if (a.length !== n * pixels || b.length !== n * pixels) {
    throw new RangeError(`mapSimilarity: maps of ${a.length} and ${b.length} values, expected ${n}x${height}x${width}.`);
  }
  const spearman = new Float64Array(n);
  const ssim = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ai = a.subarray(i * pixels, (i + 1) * pixels).map(Math.abs);
    const bi = b.subarray(i * pixels, (i + 1) * pixels).map(Math.abs);
    spearman[i] = spearmanCorrelation(ai, bi);
    ssim[i] = structuralSimilarity(ai, bi, height, width);
  }
  return { spearman, ssim, meanSpearman: finiteMean(spearman), meanSsim: finiteMean(ssim) };
}

function finiteMean(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (const v of values) if (Number.isFinite(v)) { sum += v; count++; }
  return count ? sum / count : Number.NaN;
}
