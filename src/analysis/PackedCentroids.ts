import { dotsFourAtATime } from './dotsFourAtATime.js';

/**
 * Centroids `[k, cols]` laid out for fast nearest-centroid scoring: shifted by an origin (to keep the
 * scores free of cancellation), padded to a multiple of four, with their squared norms. `scores` fills
 * ‖c‖² - 2 x·c for every centroid (the dot products four centroids per pass over x, `dotsFourAtATime`);
 * adding ‖x‖² gives the squared distance. Padding centroids score +Infinity.
 */
export class PackedCentroids {
  /** k rounded up to a multiple of 4 */
  readonly padded: number;
  /** [padded, cols] centroid - origin */
  readonly values: Float64Array;
  /** [padded] squared norms of `values` (+Infinity for padding) */
  readonly norms: Float64Array;
  /** the largest finite norm, for bounding the rounding error of a score */
  readonly maxNorm: number;

  constructor(
    centroids: Float64Array,
    readonly k: number,
    readonly cols: number,
    origin: Float64Array = new Float64Array(cols),
  ) {
    this.padded = Math.ceil(k / 4) * 4;
    this.values = new Float64Array(this.padded * cols);
    this.norms = new Float64Array(this.padded).fill(Infinity);
    let maxNorm = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const v = centroids[j * cols + c] - origin[c];
        this.values[j * cols + c] = v;
        s += v * v;
      }
      this.norms[j] = s;
      maxNorm = Math.max(maxNorm, s);
    }
    this.maxNorm = maxNorm;
  }

  /** out[j] = ‖c_j‖² - 2 x·c_j for x = `x[offset .. offset + cols)` (already shifted by the origin). */
  scores(x: Float64Array, offset: number, out: Float64Array): void {
    const { norms, padded } = this;
    dotsFourAtATime(x, offset, this.values, padded, this.cols, out);
    for (let j = 0; j < padded; j++) out[j] = norms[j] - 2 * out[j];
  }

  /** Exact squared distance from x (shifted) to centroid j. */
  squaredDistance(x: Float64Array, offset: number, j: number): number {
    let s = 0;
    for (let c = 0; c < this.cols; c++) {
      const d = x[offset + c] - this.values[j * this.cols + c];
      s += d * d;
    }
    return s;
  }
}
