import type { SingleLinkageTree } from './singleLinkageTree.js';

/**
 * The condensed cluster tree (Campello et al. 2013; the hdbscan/sklearn `condense_tree`), as parallel
 * arrays of `length` rows: `child` left `parent` at `lambda` = 1 / distance (Infinity at distance 0),
 * carrying `childSize` points. Points keep their row numbers; clusters are numbered from `rows` (the root)
 * upwards in breadth-first order, so a child cluster's number is always larger than its parent's.
 */
export interface CondensedTree {
  rows: number;
  length: number;
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
  /** number of clusters, root included: they are rows .. rows + clusterCount - 1 */
  clusterCount: number;
}

/**
 * Walks the dendrogram from the root: a split whose sides both hold >= minClusterSize points makes two
 * new clusters; otherwise the big side (if any) carries on as the same cluster and the small sides'
 * points fall out of it, at the split's lambda.
 */
export function condenseTree(tree: SingleLinkageTree, minClusterSize: number): CondensedTree {
  const { rows } = tree;
  const capacity = 2 * rows;
  const out: CondensedTree = {
    rows,
    length: 0,
    parent: new Int32Array(capacity),
    child: new Int32Array(capacity),
    lambda: new Float64Array(capacity),
    childSize: new Int32Array(capacity),
    clusterCount: 1,
  };
  if (rows < 2) return out;
  const push = (parent: number, child: number, lambda: number, size: number): void => {
    const i = out.length++;
    out.parent[i] = parent;
    out.child[i] = child;
    out.lambda[i] = lambda;
    out.childSize[i] = size;
  };
  const sizeOf = (node: number): number => (node < rows ? 1 : tree.size[node - rows]);
  const dropPoints = (node: number, cluster: number, lambda: number): void => {
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (n < rows) push(cluster, n, lambda, 1);
      else stack.push(tree.left[n - rows], tree.right[n - rows]);
    }
  };
  const label = new Int32Array(2 * rows - 1);
  const root = 2 * rows - 2;
  label[root] = rows;
  let nextLabel = rows + 1;
  const queue = [root];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q];
    const merge = node - rows;
    const left = tree.left[merge];
    const right = tree.right[merge];
    const distance = tree.distance[merge];
    const lambda = distance > 0 ? 1 / distance : Infinity;
    const cluster = label[node];
    const bigLeft = sizeOf(left) >= minClusterSize;
    const bigRight = sizeOf(right) >= minClusterSize;
    if (bigLeft && bigRight) {
      label[left] = nextLabel++;
      push(cluster, label[left], lambda, sizeOf(left));
      label[right] = nextLabel++;
      push(cluster, label[right], lambda, sizeOf(right));
    } else {
      if (bigLeft) label[left] = cluster;
      else dropPoints(left, cluster, lambda);
      if (bigRight) label[right] = cluster;
      else dropPoints(right, cluster, lambda);
    }
    // Only sides still in a cluster are walked further; dropped sides were emptied above.
    if (bigLeft && left >= rows) queue.push(left);
    if (bigRight && right >= rows) queue.push(right);
  }
  out.clusterCount = nextLabel - rows;
  return out;
}
