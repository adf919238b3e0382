import { I2xError } from '../util/I2xError.js';
import { PackedCentroids } from './PackedCentroids.js';

/**
 * Assigns each row of `[rows, cols]` to its nearest centroid of `[k, cols]` (squared Euclidean; ties go to
 * the lower index). Writes `labels[r]` and returns the sum of squared distances. Centroids are ranked by
 * ‖c‖² - 2 x·c (`PackedCentroids`), measured from `origin` (pass the data's or the centroids' mean) so
 * the ranking is free of cancellation; the winner's distance is then recomputed directly as Σ (x - c)².
 * A row that is not finite is reported by its number.
 */
export function nearestCentroids(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  centroids: Float64Array,
  k: number,
  labels: Int32Array,
  origin: Float64Array,
): number {
  const packed = new PackedCentroids(centroids, k, cols, origin);
  const scores = new Float64Array(packed.padded);
  const x = new Float64Array(cols);
  let inertia = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let xx = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c] - origin[c];
      x[c] = v;
      xx += v * v;
    }
    if (!(xx < Infinity)) {
      throw new I2xError('E_ANALYSIS', `data: row ${r} holds NaN or Infinity; only finite values are accepted`);
    }
    packed.scores(x, 0, scores);
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[j] < scores[best]) best = j;
    labels[r] = best;
    inertia += packed.squaredDistance(x, 0, best);
  }
  return inertia;
}
