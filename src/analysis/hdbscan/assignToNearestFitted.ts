import { I2xError } from '../../util/I2xError.js';
import type { PrincipalFrame } from './principalFrame.js';

/** Rows rotated per block while assigning, to bound the scratch memory. */
const BLOCK_ROWS = 4096;

/**
 * Labels every row of `[rows, cols]` from a clustering of a fitted subset: fitted rows keep their own
 * label; every other row copies the label (and probability) of its nearest fitted row (Euclidean), so a
 * row whose nearest fitted row is noise is noise too (-1). Exact nearest-neighbour search in the fitted
 * rows' principal frame: a query scans outwards from its first coordinate until that gap alone exceeds
 * the best distance found. `sortedLabels` / `sortedProbabilities` are per sorted position of the frame.
 * Throws E_ANALYSIS naming a non-finite row.
 */
export function assignToNearestFitted(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  frame: PrincipalFrame,
  fittedRows: Int32Array,
  sortedLabels: Int32Array,
  sortedProbabilities: Float64Array,
): { labels: Int32Array; probabilities: Float64Array } {
  const { order, sorted } = frame;
  const count = order.length;
  const labels = new Int32Array(rows);
  const probabilities = new Float64Array(rows);
  const positionOf = new Int32Array(rows).fill(-1);
  order.forEach((sampleIndex, p) => (positionOf[fittedRows[sampleIndex]] = p));
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, rows - start);
    let block: Float64Array | undefined;
    for (let i = 0; i < n; i++) {
      const r = start + i;
      let p = positionOf[r];
      if (p < 0) {
        block ??= frame.rotate(data.subarray(start * cols, (start + n) * cols), n);
        for (let c = 0; c < cols; c++) {
          if (!Number.isFinite(block[i * cols + c])) {
            throw new I2xError('E_ANALYSIS', `data: row ${r} holds NaN or Infinity; only finite values are accepted`);
          }
        }
        p = nearestSorted(block, i * cols, sorted, count, cols);
      }
      labels[r] = sortedLabels[p];
      probabilities[r] = sortedProbabilities[p];
    }
  }
  return { labels, probabilities };
}

/** Sorted position of the row of `sorted` nearest to `x[offset .. offset + cols)`. */
function nearestSorted(x: Float64Array, offset: number, sorted: Float64Array, count: number, cols: number): number {
  const key = x[offset];
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid * cols] < key) lo = mid + 1;
    else hi = mid;
  }
  lo = hi - 1;
  let best = Infinity;
  let bestAt = 0;
  for (;;) {
    const gapLo = lo >= 0 ? key - sorted[lo * cols] : Infinity;
    const gapHi = hi < count ? sorted[hi * cols] - key : Infinity;
    const gap = gapLo <= gapHi ? gapLo : gapHi;
    // The 1e-9 slack keeps rounding in the coordinates from pruning a true nearest row.
    if (gap === Infinity || gap * gap > best * (1 + 1e-9)) return bestAt;
    const q = gapLo <= gapHi ? lo-- : hi++;
    let d2 = 0;
    for (let c = 0; c < cols && d2 < best; c++) {
      const diff = x[offset + c] - sorted[q * cols + c];
      d2 += diff * diff;
    }
    if (d2 < best) {
      best = d2;
      bestAt = q;
    }
  }
}
