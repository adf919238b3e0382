import type { SeededRandom } from '../util/SeededRandom.js';

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) on a float64 sample `[rows, cols]`: the first centre is
 * a uniformly drawn row, each next one a row drawn with probability proportional to its squared distance
 * to the nearest centre chosen so far. When every row already sits on a centre (fewer distinct rows than
 * k), the draw falls back to uniform. Returns the centres `[k, cols]`.
 */
export function kmeansPlusPlus(
  sample: Float64Array,
  rows: number,
  cols: number,
  k: number,
  random: SeededRandom,
): Float64Array {
  const centres = new Float64Array(k * cols);
  const nearest = new Float64Array(rows).fill(Infinity);
  let chosen = random.int(rows);
  for (let j = 0; j < k; j++) {
    centres.set(sample.subarray(chosen * cols, (chosen + 1) * cols), j * cols);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      let d = 0;
      for (let c = 0; c < cols; c++) {
        const diff = sample[r * cols + c] - centres[j * cols + c];
        d += diff * diff;
      }
      if (d < nearest[r]) nearest[r] = d;
      total += nearest[r];
    }
    if (j + 1 === k) break;
    chosen = total > 0 ? drawProportional(nearest, total, random) : random.int(rows);
  }
  return centres;
}

function drawProportional(weights: Float64Array, total: number, random: SeededRandom): number {
  const target = random.next() * total;
  let cumulative = 0;
  let last = 0;
  for (let r = 0; r < weights.length; r++) {
    if (weights[r] <= 0) continue;
    last = r;
    cumulative += weights[r];
    if (cumulative > target) return r;
  }
  return last;
}
