/** Options of structuralSimilarity; the defaults are Wang et al. (2004). */
export interface SsimOptions {
  /** side of the Gaussian window; default 11, shrunk to the largest odd size that fits a smaller map (7 for 7x7) */
  windowSize?: number;
  /** default 1.5 */
  sigma?: number;
  /** L in C1 = (K1 L)^2, C2 = (K2 L)^2; default: max - min over both maps (1 when both are constant) */
  dataRange?: number;
}

const K1 = 0.01;
const K2 = 0.03;

/** Normalised 1-D Gaussian of odd length `size`. */
export function gaussianWindow(size: number, sigma: number): Float64Array {
  const half = (size - 1) / 2;
  const w = Float64Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / total);
}

/**
 * Mean SSIM (Wang et al. 2004) of two [h, w] maps: local means, variances and covariance under a Gaussian
 * window (sigma 1.5), evaluated at every position where the window lies wholly inside the map ('valid', as
 * skimage's structural_similarity crops), averaged. Maps smaller than 11 pixels a side use the largest odd
 * window that fits (7x7 for Grad-CAM's 7x7 maps), same sigma. Callers pass absolute maps (the sanity checks).
 */
export function structuralSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, h: number, w: number, options: SsimOptions = {}): number {
  if (a.length !== h * w || b.length !== h * w) throw new RangeError(`structuralSimilarity: maps of ${a.length} and ${b.length} values, expected ${h}x${w}.`);
  const fit = Math.min(h, w) % 2 === 1 ? Math.min(h, w) : Math.min(h, w) - 1;
  const size = Math.min(options.windowSize ?? 11, fit);
  if (size < 1 || size % 2 === 0) throw new RangeError(`structuralSimilarity: window size ${size} must be odd and at least 1.`);
  const g = gaussianWindow(size, options.sigma ?? 1.5);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < h * w; i++) {
    lo = Math.min(lo, a[i], b[i]);
    hi = Math.max(hi, a[i], b[i]);
  }
  const range = options.dataRange ?? (hi > lo ? hi - lo : 1);
  const c1 = (K1 * range) ** 2;
  const c2 = (K2 * range) ** 2;
  let total = 0;
  let count = 0;
  for (let y = 0; y + size <= h; y++) {
    for (let x = 0; x + size <= w; x++) {
      let ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          const weight = g[i] * g[j];
          const va = a[(y + i) * w + x + j];
          const vb = b[(y + i) * w + x + j];
          ma += weight * va;
          mb += weight * vb;
          saa += weight * va * va;
          sbb += weight * vb * vb;
          sab += weight * va * vb;
        }
      }
      const varA = saa - ma * ma;
      const varB = sbb - mb * mb;
      const cov = sab - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (varA + varB + c2));
      count++;
    }
  }
  return total / count;
}
