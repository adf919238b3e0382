import { PackedCentroids } from './PackedCentroids.js';
import { centroidMeans } from './centroidMeans.js';

export interface LloydResult {
  /** [k, cols] */
  centroids: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Lloyd's k-means iterations from `initial` centroids `[k, cols]` over a float64 `[rows, cols]` sample,
 * accelerated with Hamerly's bounds (Hamerly 2010): each row keeps an upper bound on the distance to its
 * centroid and a lower bound on the distance to every other one, and is re-measured only when the bounds
 * no longer prove its assignment. The result equals plain Lloyd's (up to ties). Stops when the summed
 * squared centroid movement is <= `tolerance` (absolute) or after `maxIter` iterations. An emptied
 * cluster is re-seeded at the row farthest from its centroid, as sklearn does. Centre the sample
 * (column means 0) first: the full searches rank centroids by ‖c‖² - 2 x·c.
 */
export function lloydHamerly(
  sample: Float64Array,
  rows: number,
  cols: number,
  initial: Float64Array,
  k: number,
  maxIter: number,
  tolerance: number,
): LloydResult {
  let centroids: Float64Array = initial.slice();
  const assigned = new Int32Array(rows);
  const upper = new Float64Array(rows);
  const lower = new Float64Array(rows);
  const norms = new Float64Array(rows);
  for (let i = 0; i < rows * cols; i++) norms[(i / cols) | 0] += sample[i] * sample[i];
  const search = new FullSearch(sample, cols, norms, assigned, upper, lower);
  search.use(new PackedCentroids(centroids, k, cols));
  for (let r = 0; r < rows; r++) search.run(r);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    if (iterations > 0) {
      search.use(new PackedCentroids(centroids, k, cols));
      const halfGap = halfDistanceToNearestOther(centroids, k, cols);
      for (let r = 0; r < rows; r++) {
        const bound = Math.max(halfGap[assigned[r]], lower[r]);
        if (upper[r] <= bound) continue;
        upper[r] = Math.sqrt(squaredDistance(sample, r * cols, centroids, assigned[r] * cols, cols));
        if (upper[r] <= bound) continue;
        search.run(r);
      }
    }
    iterations++;
    const next = centroidMeans(sample, rows, cols, centroids, k, assigned);
    const moved = new Float64Array(k);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      const d2 = squaredDistance(centroids, j * cols, next, j * cols, cols);
      moved[j] = Math.sqrt(d2);
      shift += d2;
    }
    let most = 0;
    for (let j = 1; j < k; j++) if (moved[j] > moved[most]) most = j;
    let secondMove = 0;
    for (let j = 0; j < k; j++) if (j !== most && moved[j] > secondMove) secondMove = moved[j];
    for (let r = 0; r < rows; r++) {
      upper[r] += moved[assigned[r]];
      lower[r] -= assigned[r] === most ? secondMove : moved[most];
    }
    centroids = next;
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  return { centroids, iterations, converged };
}

function squaredDistance(a: Float64Array, offsetA: number, b: Float64Array, offsetB: number, cols: number): number {
  let s = 0;
  for (let c = 0; c < cols; c++) {
    const d = a[offsetA + c] - b[offsetB + c];
    s += d * d;
  }
  return s;
}

/**
 * The full search of one row: its nearest centroid (exact distance as the upper bound) and a lower bound
 * on the second nearest. Scores come from `PackedCentroids`; the lower bound is lowered by a margin for
 * their rounding error, so it stays a true bound.
 */
class FullSearch {
  private packed: PackedCentroids | undefined;
  private scores = new Float64Array(0);

  constructor(
    private readonly sample: Float64Array,
    private readonly cols: number,
    private readonly norms: Float64Array,
    private readonly assigned: Int32Array,
    private readonly upper: Float64Array,
    private readonly lower: Float64Array,
  ) {}

  use(packed: PackedCentroids): void {
    this.packed = packed;
    if (this.scores.length !== packed.padded) this.scores = new Float64Array(packed.padded);
  }

  run(r: number): void {
    const packed = this.packed as PackedCentroids;
    const { scores } = this;
    packed.scores(this.sample, r * this.cols, scores);
    let best = Infinity;
    let second = Infinity;
    let bestAt = 0;
    for (let j = 0; j < packed.k; j++) {
      const s = scores[j];
      if (s < best) {
        second = best;
        best = s;
        bestAt = j;
      } else if (s < second) {
        second = s;
      }
    }
    const xx = this.norms[r];
    this.assigned[r] = bestAt;
    this.upper[r] = Math.sqrt(packed.squaredDistance(this.sample, r * this.cols, bestAt));
    this.lower[r] = Math.sqrt(Math.max(0, xx + second - 1e-12 * (xx + packed.maxNorm)));
  }
}

/** Half the distance from each centroid to its nearest other centroid (Infinity when k = 1). */
function halfDistanceToNearestOther(centroids: Float64Array, k: number, cols: number): Float64Array {
  const half = new Float64Array(k).fill(Infinity);
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const d = Math.sqrt(squaredDistance(centroids, i * cols, centroids, j * cols, cols)) / 2;
      if (d < half[i]) half[i] = d;
      if (d < half[j]) half[j] = d;
    }
  }
  return half;
}
