/**
 * Centroids `[k, cols]` laid out for fast nearest-centroid scoring: shifted by an origin (to keep the
 * scores free of cancellation), padded to a multiple of four, with their squared norms. `scores` fills
 * ‖c‖² - 2 x·c for every centroid, four centroids per pass over x, so each x value is loaded once per
 * four products; adding ‖x‖² gives the squared distance. Padding centroids score +Infinity.
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
    const { values, norms, padded, cols } = this;
    for (let j = 0; j < padded; j += 4) {
      const w0 = j * cols;
      const w1 = w0 + cols;
      const w2 = w1 + cols;
      const w3 = w2 + cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < cols; c++) {
        const v = x[offset + c];
        s0 += v * values[w0 + c];
        s1 += v * values[w1 + c];
        s2 += v * values[w2 + c];
        s3 += v * values[w3 + c];
      }
      out[j] = norms[j] - 2 * s0;
      out[j + 1] = norms[j + 1] - 2 * s1;
      out[j + 2] = norms[j + 2] - 2 * s2;
      out[j + 3] = norms[j + 3] - 2 * s3;
    }
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
