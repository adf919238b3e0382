import { I2xError } from '../../util/I2xError.js';
import { SeededRandom } from '../../util/SeededRandom.js';
import { assertMatrixShape } from '../assertMatrixShape.js';
import { seededSample } from '../seededSample.js';
import { assignToNearestFitted } from './assignToNearestFitted.js';
import { condenseTree } from './condenseTree.js';
import { coreDistancesSquared } from './coreDistances.js';
import { extractClusters } from './extractClusters.js';
import { mutualReachabilityMst } from './mutualReachabilityMst.js';
import { principalFrame } from './principalFrame.js';
import { singleLinkageTree } from './singleLinkageTree.js';

export interface HdbscanOptions {
  /** smallest group that counts as a cluster (>= 2) */
  minClusterSize: number;
  /** neighbourhood size of the core distance, the row itself included (default minClusterSize) */
  minSamples?: number;
  /** exact HDBSCAN up to this many rows; above it, fit on a seeded subsample of this size (default 20000) */
  maxExact?: number;
  /** seeds the subsample (default 0); the exact algorithm itself draws nothing */
  seed?: number;
  /** let excess-of-mass select the root, i.e. report one cluster (default false, as sklearn) */
  allowSingleCluster?: boolean;
}

export interface HdbscanResult {
  /** [rows] cluster per row, -1 for noise; clusters are 0..clusterCount-1 */
  labels: Int32Array;
  /** [rows] membership strength in [0, 1] (0 for noise); unfitted rows copy their nearest fitted row's */
  probabilities: Float64Array;
  clusterCount: number;
  noiseCount: number;
  /** true when the fit ran on a subsample and the other rows were assigned */
  subsampled: boolean;
  fittedRows: number;
}

/**
 * HDBSCAN* (Campello, Moulavi & Sander 2013) with Euclidean distance on a `[rows, cols]` matrix:
 * core distances (see `coreDistancesSquared` for the neighbour-counting convention), Prim's MST over the
 * mutual reachability distance in O(n²) time and O(n) memory, the single-linkage tree, the condensed
 * tree at `minClusterSize`, and excess-of-mass selection (see `extractClusters`). Distances are measured
 * after an orthogonal rotation onto the principal axes (`principalFrame`), which leaves them unchanged
 * up to rounding and lets partial sums stop early.
 *
 * Above `maxExact` rows the exact fit runs on `maxExact` rows drawn without replacement by `seed`; every
 * other row then takes the label of its nearest fitted row, so a row whose nearest fitted row is noise
 * is noise too (a point there sits in a region the fit found too sparse).
 */
export function hdbscan(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  options: HdbscanOptions,
): HdbscanResult {
  assertMatrixShape('hdbscan data', data, rows, cols);
  const { minClusterSize, maxExact = 20_000, seed = 0, allowSingleCluster = false } = options;
  const minSamples = options.minSamples ?? minClusterSize;
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) {
    throw new I2xError('E_ANALYSIS', `hdbscan: minClusterSize = ${minClusterSize}; expected an integer >= 2`);
  }
  if (!Number.isInteger(maxExact) || maxExact < 2) {
    throw new I2xError('E_ANALYSIS', `hdbscan: maxExact = ${maxExact}; expected an integer >= 2`);
  }
  const fittedCount = Math.min(rows, maxExact);
  if (!Number.isInteger(minSamples) || minSamples < 1 || minSamples > fittedCount) {
    throw new I2xError(
      'E_ANALYSIS',
      `hdbscan: minSamples = ${minSamples}; expected an integer in 1..${fittedCount} (the rows fitted)`,
    );
  }
  const { sample, rowIndex, count } = seededSample(data, rows, cols, maxExact, new SeededRandom(seed));
  const frame = principalFrame(sample, count, cols);
  const core = coreDistancesSquared(frame.sorted, count, cols, minSamples);
  const mst = mutualReachabilityMst(frame.sorted, count, cols, core);
  const fit = extractClusters(condenseTree(singleLinkageTree(mst, count), minClusterSize), allowSingleCluster);
  const subsampled = count < rows;
  const { labels, probabilities } = assignToNearestFitted(
    data, rows, cols, frame, rowIndex, fit.labels, fit.probabilities,
  );
  let noiseCount = 0;
  for (let r = 0; r < rows; r++) if (labels[r] < 0) noiseCount++;
  return { labels, probabilities, clusterCount: fit.clusterCount, noiseCount, subsampled, fittedRows: count };
}
