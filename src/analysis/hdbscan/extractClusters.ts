import type { CondensedTree } from './condenseTree.js';

export interface FlatClustering {
  /** [rows] cluster label, -1 for noise; clusters numbered by their id in the condensed tree */
  labels: Int32Array;
  /** [rows] membership strength in [0, 1], 0 for noise (sklearn's `probabilities_`) */
  probabilities: Float64Array;
  clusterCount: number;
}

/**
 * Excess-of-mass cluster selection over a condensed tree, then point labels and membership
 * probabilities, following sklearn's `_get_clusters` / `do_labelling` / `get_probabilities`:
 *
 * - stability(C) = Σ over C's condensed rows (λ_row - λ_birth(C)) · childSize, λ_birth(root) = 0;
 * - bottom-up (decreasing cluster id), C is kept when its stability is at least the summed (possibly
 *   already replaced) stability of its child clusters, else it takes that sum; a kept C unselects all of
 *   its descendants. The root takes part only when `allowSingleCluster`;
 * - a point's label is its nearest selected ancestor cluster, -1 when there is none. If the root itself
 *   is selected, only points leaving it at λ >= the largest λ among the root's rows join it (sklearn's rule);
 * - probability = min(λ_point, λ_max(C)) / λ_max(C), where λ_max(C) is the largest λ among C's own rows
 *   (1 when λ_max(C) = 0 or λ_point is infinite).
 */
export function extractClusters(tree: CondensedTree, allowSingleCluster: boolean): FlatClustering {
  const { rows, length, parent, child, lambda, childSize, clusterCount } = tree;
  const clusterParent = new Int32Array(clusterCount).fill(-1);
  const birth = new Float64Array(clusterCount);
  const maxLambda = new Float64Array(clusterCount);
  const stability = new Float64Array(clusterCount);
  for (let i = 0; i < length; i++) {
    if (child[i] >= rows) {
      clusterParent[child[i] - rows] = parent[i] - rows;
      birth[child[i] - rows] = lambda[i];
    }
    const p = parent[i] - rows;
    if (lambda[i] > maxLambda[p]) maxLambda[p] = lambda[i];
  }
  for (let i = 0; i < length; i++) {
    const p = parent[i] - rows;
    // λ = birth only at zero-distance merges (∞ - ∞); such rows add nothing.
    if (lambda[i] !== birth[p]) stability[p] += (lambda[i] - birth[p]) * childSize[i];
  }

  const kept = new Uint8Array(clusterCount);
  const childStability = new Float64Array(clusterCount);
  const lowest = allowSingleCluster ? 0 : 1;
  for (let c = clusterCount - 1; c >= lowest; c--) {
    if (childStability[c] > stability[c]) stability[c] = childStability[c];
    else kept[c] = 1;
    if (c > 0) childStability[clusterParent[c]] += stability[c];
  }
  const selected = new Uint8Array(clusterCount);
  const underSelected = new Uint8Array(clusterCount);
  const clusterLabel = new Int32Array(clusterCount).fill(-1);
  let selectedCount = 0;
  for (let c = 0; c < clusterCount; c++) {
    const up = clusterParent[c];
    if (up >= 0) underSelected[c] = underSelected[up] | selected[up];
    selected[c] = kept[c] & (underSelected[c] ^ 1);
    if (selected[c]) clusterLabel[c] = selectedCount++;
    else if (up >= 0) clusterLabel[c] = clusterLabel[up];
  }
  // Label numbers follow cluster ids, as sklearn's sorted cluster map.
  const selectedCluster = new Int32Array(selectedCount);
  for (let c = 0; c < clusterCount; c++) if (selected[c]) selectedCluster[clusterLabel[c]] = c;

  const labels = new Int32Array(rows).fill(-1);
  const probabilities = new Float64Array(rows);
  for (let i = 0; i < length; i++) {
    if (child[i] >= rows) continue;
    const p = parent[i] - rows;
    const label = clusterLabel[p];
    if (label < 0) continue;
    if (selectedCluster[label] === 0 && !(lambda[i] >= maxLambda[0])) continue;
    labels[child[i]] = label;
    const death = maxLambda[selectedCluster[label]];
    probabilities[child[i]] = death === 0 || lambda[i] === Infinity ? 1 : Math.min(lambda[i], death) / death;
  }
  return { labels, probabilities, clusterCount: selectedCount };
}
