export interface MstEdges {
  /** [rows - 1] */
  from: Int32Array;
  /** [rows - 1] */
  to: Int32Array;
  /** [rows - 1] mutual reachability distance of each edge */
  weight: Float64Array;
}

/**
 * Minimum spanning tree of the complete graph under the mutual reachability distance
 * `mrd(a, b) = max(core(a), core(b), ‖a - b‖)`, by Prim's algorithm without a distance matrix:
 * O(rows² · cols) time, O(rows) memory, no allocation per pair. Grows from row 0; a pair is measured only
 * when it could improve the row's best link (mrd is at least both core distances). Works on squared
 * distances throughout (`coreSquared` from `coreDistancesSquared`); edge weights come out unsquared.
 */
export function mutualReachabilityMst(
  data: Float64Array,
  rows: number,
  cols: number,
  coreSquared: Float64Array,
): MstEdges {
  const edges = rows - 1;
  const from = new Int32Array(Math.max(0, edges));
  const to = new Int32Array(Math.max(0, edges));
  const weight = new Float64Array(Math.max(0, edges));
  const best = new Float64Array(rows).fill(Infinity);
  const bestFrom = new Int32Array(rows);
  const outside = Int32Array.from({ length: Math.max(0, edges) }, (_, i) => i + 1);
  let outsideCount = edges;
  let current = 0;
  for (let e = 0; e < edges; e++) {
    const a = current * cols;
    const coreA = coreSquared[current];
    let nearest = Infinity;
    let nearestAt = 0;
    for (let p = 0; p < outsideCount; p++) {
      const j = outside[p];
      let bj = best[j];
      const coreJ = coreSquared[j];
      if (coreA < bj && coreJ < bj) {
        const b = j * cols;
        // Both core distances are below bj, so only d2 < bj can improve; stop summing once it cannot.
        let d2 = 0;
        for (let c = 0; c < cols && d2 < bj; c++) {
          const diff = data[a + c] - data[b + c];
          d2 += diff * diff;
        }
        if (d2 < bj) {
          const mrd = d2 > coreA ? (d2 > coreJ ? d2 : coreJ) : coreA > coreJ ? coreA : coreJ;
          best[j] = mrd;
          bestFrom[j] = current;
          bj = mrd;
        }
      }
      if (bj < nearest) {
        nearest = bj;
        nearestAt = p;
      }
    }
    const next = outside[nearestAt];
    outside[nearestAt] = outside[--outsideCount];
    from[e] = bestFrom[next];
    to[e] = next;
    weight[e] = Math.sqrt(nearest);
    current = next;
  }
  return { from, to, weight };
}
