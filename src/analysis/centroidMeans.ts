/**
 * The new centroids `[k, cols]` of a Lloyd step: the mean of the rows assigned to each. A centroid that
 * lost all its rows is re-seeded at the row farthest from its current centroid (the next farthest for
 * the next empty one), as sklearn does, so k clusters survive.
 */
export function centroidMeans(
  sample: Float64Array,
  rows: number,
  cols: number,
  centroids: Float64Array,
  k: number,
  assigned: Int32Array,
): Float64Array {
  const sums = new Float64Array(k * cols);
  const counts = new Int32Array(k);
  for (let r = 0; r < rows; r++) {
    const j = assigned[r];
    counts[j]++;
    for (let c = 0; c < cols; c++) sums[j * cols + c] += sample[r * cols + c];
  }
  let farthest: number[] | undefined;
  let used = 0;
  for (let j = 0; j < k; j++) {
    if (counts[j] > 0) {
      for (let c = 0; c < cols; c++) sums[j * cols + c] /= counts[j];
      continue;
    }
    if (!farthest) {
      const d2 = Float64Array.from({ length: rows }, (_, r) =>
        distanceToCentroid(sample, r, centroids, assigned[r], cols),
      );
      farthest = Array.from({ length: rows }, (_, r) => r).sort((a, b) => d2[b] - d2[a] || a - b);
    }
    const r = farthest[used++];
    sums.set(sample.subarray(r * cols, (r + 1) * cols), j * cols);
  }
  return sums;
}

function distanceToCentroid(sample: Float64Array, r: number, centroids: Float64Array, j: number, cols: number): number {
  let s = 0;
  for (let c = 0; c < cols; c++) s += (sample[r * cols + c] - centroids[j * cols + c]) ** 2;
  return s;
}
