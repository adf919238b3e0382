import type { MstEdges } from './mutualReachabilityMst.js';

/**
 * A single-linkage dendrogram in scipy's linkage format, as parallel arrays of length rows - 1: merge i
 * joins `left[i]` and `right[i]` (a row < rows, or merge j as node rows + j) at `distance[i]`, forming
 * node rows + i of `size[i]` rows. Merges are in increasing distance.
 */
export interface SingleLinkageTree {
  rows: number;
  left: Int32Array;
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array;
}

/** Builds the dendrogram from an MST: edges in increasing weight (ties by edge order), union-find. */
export function singleLinkageTree(mst: MstEdges, rows: number): SingleLinkageTree {
  const merges = Math.max(0, rows - 1);
  const order = Array.from({ length: merges }, (_, i) => i).sort((a, b) => mst.weight[a] - mst.weight[b] || a - b);
  const parent = new Int32Array(2 * rows).fill(-1);
  const nodeSize = new Int32Array(2 * rows).fill(1);
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== -1) root = parent[root];
    while (parent[x] !== -1) {
      const up = parent[x];
      parent[x] = root;
      x = up;
    }
    return root;
  };
  const tree: SingleLinkageTree = {
    rows,
    left: new Int32Array(merges),
    right: new Int32Array(merges),
    distance: new Float64Array(merges),
    size: new Int32Array(merges),
  };
  order.forEach((edge, i) => {
    const a = find(mst.from[edge]);
    const b = find(mst.to[edge]);
    const node = rows + i;
    tree.left[i] = a;
    tree.right[i] = b;
    tree.distance[i] = mst.weight[edge];
    tree.size[i] = nodeSize[a] + nodeSize[b];
    nodeSize[node] = tree.size[i];
    parent[a] = node;
    parent[b] = node;
  });
  return tree;
}
