/** Slack on the stop test, so rounding in the axis coordinates can never prune a true neighbour. */
const GAP_SLACK = 1 + 1e-9;

/**
 * HDBSCAN core distances: for each row of `[rows, cols]`, the squared Euclidean distance to its
 * `minSamples`-th nearest neighbour *counting the row itself* (the convention of sklearn's HDBSCAN and
 * the hdbscan library's tree-based paths, whose k-NN queries return the query point first). So
 * `minSamples = 1` gives 0 everywhere (plain single linkage) and `minSamples = 2` the nearest other row.
 *
 * Exact k-NN over `sorted`, rows ascending in their first coordinate (a `principalFrame`): each row
 * scans outwards, nearest first-coordinate gap first, keeping its `minSamples - 1` nearest others in a
 * bounded max-heap, until that gap alone exceeds the current k-th distance (worst case
 * O(rows² · cols), far less on clustered data). Returns squared distances, in the rows' order.
 */
export function coreDistancesSquared(sorted: Float64Array, rows: number, cols: number, minSamples: number): Float64Array {
  const m = minSamples - 1;
  const core = new Float64Array(rows);
  if (m === 0) return core;
  const heap = new Float64Array(m);
  for (let p = 0; p < rows; p++) {
    heap.fill(Infinity);
    const a = p * cols;
    let lo = p - 1;
    let hi = p + 1;
    for (;;) {
      const gapLo = lo >= 0 ? sorted[a] - sorted[lo * cols] : Infinity;
      const gapHi = hi < rows ? sorted[hi * cols] - sorted[a] : Infinity;
      const gap = gapLo <= gapHi ? gapLo : gapHi;
      if (gap === Infinity || gap * gap > heap[0] * GAP_SLACK) break;
      const q = gapLo <= gapHi ? lo-- : hi++;
      const b = q * cols;
      const top = heap[0];
      let d2 = 0;
      for (let c = 0; c < cols && d2 < top; c++) {
        const diff = sorted[a + c] - sorted[b + c];
        d2 += diff * diff;
      }
      if (d2 < top) replaceTop(heap, m, d2);
    }
    core[p] = heap[0];
  }
  return core;
}

/** Replaces the root of the max-heap `heap[0 .. size)` with `value` and sifts it down. */
function replaceTop(heap: Float64Array, size: number, value: number): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const larger = right < size && heap[right] > heap[left] ? right : left;
    if (heap[larger] <= value) break;
    heap[i] = heap[larger];
    i = larger;
  }
  heap[i] = value;
}
