import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/analysis/adjustedRandIndex.js';
import { coreDistancesSquared } from '../../src/analysis/hdbscan/coreDistances.js';
import { hdbscan } from '../../src/analysis/hdbscan/hdbscan.js';
import { mutualReachabilityMst } from '../../src/analysis/hdbscan/mutualReachabilityMst.js';
import { principalFrame } from '../../src/analysis/hdbscan/principalFrame.js';
import { I2xError } from '../../src/util/I2xError.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { gaussianBlobs } from './gaussianBlobs.js';
import { randomMatrix } from './randomMatrix.js';

function distanceMatrix(data: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: rows }, (_, j) => {
      let s = 0;
      for (let c = 0; c < cols; c++) s += (data[i * cols + c] - data[j * cols + c]) ** 2;
      return Math.sqrt(s);
    }),
  );
}

/** Slow, obvious core distance: sort each row of the distance matrix (self at 0), take entry minSamples - 1. */
function slowCore(distances: number[][], minSamples: number): number[] {
  return distances.map((row) => [...row].sort((a, b) => a - b)[minSamples - 1]);
}

/** Slow, obvious Prim on the full mutual reachability matrix; returns the sorted edge weights. */
function slowMstWeights(distances: number[][], core: number[]): number[] {
  const n = distances.length;
  const mrd = (i: number, j: number) => Math.max(core[i], core[j], distances[i][j]);
  const inTree = [0];
  const weights: number[] = [];
  while (inTree.length < n) {
    let best = Infinity;
    let bestJ = -1;
    for (const i of inTree) {
      for (let j = 0; j < n; j++) {
        if (!inTree.includes(j) && mrd(i, j) < best) {
          best = mrd(i, j);
          bestJ = j;
        }
      }
    }
    inTree.push(bestJ);
    weights.push(best);
  }
  return weights.sort((a, b) => a - b);
}

const blobCentres = [[0, 0, 0], [12, 0, 0], [0, 12, 0], [0, 0, 12]];

describe('hdbscan building blocks', () => {
  const rows = 120;
  const cols = 3;
  const data = randomMatrix(rows, cols, 21);
  const frame = principalFrame(data, rows, cols);
  const sortedDistances = distanceMatrix(frame.sorted, rows, cols);

  it('core distance is the minSamples-th nearest neighbour counting the point itself', () => {
    for (const minSamples of [1, 2, 5, 17]) {
      const core = coreDistancesSquared(frame.sorted, rows, cols, minSamples);
      const expected = slowCore(sortedDistances, minSamples);
      core.forEach((c2, p) => expect(Math.sqrt(c2)).toBeCloseTo(expected[p], 10));
    }
  });

  it('the rotated frame keeps distances (so core distances match the original rows)', () => {
    const original = slowCore(distanceMatrix(data, rows, cols), 4);
    const core = coreDistancesSquared(frame.sorted, rows, cols, 4);
    frame.order.forEach((r, p) => expect(Math.sqrt(core[p])).toBeCloseTo(original[r], 10));
  });

  it("Prim's MST over mutual reachability has the weights of a full-matrix Prim", () => {
    const core = coreDistancesSquared(frame.sorted, rows, cols, 5);
    const mst = mutualReachabilityMst(frame.sorted, rows, cols, core);
    const expected = slowMstWeights(sortedDistances, Array.from(core, Math.sqrt));
    const weights = Array.from(mst.weight).sort((a, b) => a - b);
    weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i], 10));
  });
});

describe('hdbscan', () => {
  it('solves a hand-worked 1-D case: two clusters, an early leaver, far noise', () => {
    // minSamples 2 -> core = nearest other. A = {0,1,2,4}: cores 1,1,1,2; B = {10,11,12}: cores 1.
    // Splits: 100 leaves at λ=1/88; A|B at λ=1/6; 4 leaves A at λ=1/2; the rest leave at λ=1.
    // A's deepest λ is 1, so point 4's membership is (1/2)/1.
    const xs = [0, 1, 2, 4, 10, 11, 12, 100];
    const result = hdbscan(Float64Array.from(xs), xs.length, 1, { minClusterSize: 3, minSamples: 2 });
    const { labels, probabilities } = result;
    expect(result.clusterCount).toBe(2);
    expect(result.noiseCount).toBe(1);
    expect(new Set(Array.from(labels.subarray(0, 4)))).toEqual(new Set([labels[0]]));
    expect(new Set(Array.from(labels.subarray(4, 7)))).toEqual(new Set([labels[4]]));
    expect(labels[0]).not.toBe(labels[4]);
    expect([labels[0], labels[4]].sort()).toEqual([0, 1]);
    expect(labels[7]).toBe(-1);
    Array.from(probabilities).forEach((p, i) => expect(p).toBeCloseTo([1, 1, 1, 0.5, 1, 1, 1, 0][i], 12));
  });

  it('selects the root only when allowed, with sklearn’s rule for who joins it', () => {
    const xs = Float64Array.from([0, 1, 2, 4]);
    const options = { minClusterSize: 3, minSamples: 2 };
    expect(Array.from(hdbscan(xs, 4, 1, options).labels)).toEqual([-1, -1, -1, -1]);
    const single = hdbscan(xs, 4, 1, { ...options, allowSingleCluster: true });
    expect(single.clusterCount).toBe(1);
    expect(Array.from(single.labels)).toEqual([0, 0, 0, -1]);
  });

  it('recovers well-separated Gaussian blobs (adjusted Rand > 0.95)', () => {
    const blobs = gaussianBlobs(blobCentres, 150, 1, 4);
    const result = hdbscan(blobs.data, blobs.rows, blobs.cols, { minClusterSize: 15, minSamples: 5 });
    expect(result.subsampled).toBe(false);
    expect(result.clusterCount).toBe(4);
    expect(adjustedRandIndex(result.labels, blobs.truth)).toBeGreaterThan(0.95);
  });

  it('prefers tight sub-clusters over the loose group holding them (excess of mass)', () => {
    const centres = [[0, 0, 0], [10, 0, 0], [100, 0, 0], [110, 0, 0]];
    const blobs = gaussianBlobs(centres, 60, 0.5, 9);
    const result = hdbscan(blobs.data, blobs.rows, blobs.cols, { minClusterSize: 15, minSamples: 5 });
    expect(result.clusterCount).toBe(4);
    expect(adjustedRandIndex(result.labels, blobs.truth)).toBeGreaterThan(0.95);
  });

  it('labels isolated far points as noise', () => {
    const blobs = gaussianBlobs(blobCentres, 100, 1, 6);
    const far = [[200, 0, 0], [0, -200, 0], [0, 0, 300], [-150, -150, 150], [90, 90, -90]];
    const data = Float64Array.from([...blobs.data, ...far.flat()]);
    const result = hdbscan(data, blobs.rows + far.length, 3, { minClusterSize: 10, minSamples: 5 });
    expect(Array.from(result.labels.subarray(blobs.rows))).toEqual([-1, -1, -1, -1, -1]);
    expect(adjustedRandIndex(result.labels.subarray(0, blobs.rows), blobs.truth)).toBeGreaterThan(0.95);
  });

  it('does not depend on row order (up to renaming clusters)', () => {
    const blobs = gaussianBlobs(blobCentres, 80, 1.5, 7);
    const permutation = new SeededRandom(1).permutation(blobs.rows);
    const shuffled = new Float64Array(blobs.data.length);
    permutation.forEach((r, i) => shuffled.set(blobs.data.subarray(r * 3, r * 3 + 3), i * 3));
    const options = { minClusterSize: 10, minSamples: 4 };
    const a = hdbscan(blobs.data, blobs.rows, 3, options).labels;
    const b = hdbscan(shuffled, blobs.rows, 3, options).labels;
    expect(adjustedRandIndex(Array.from(permutation, (r) => a[r]), b)).toBe(1);
  });

  it('fits a seeded subsample above maxExact, assigns the rest, and repeats with the same seed', () => {
    const blobs = gaussianBlobs(blobCentres, 500, 1, 8);
    const options = { minClusterSize: 20, minSamples: 5, maxExact: 600, seed: 5 };
    const a = hdbscan(blobs.data, blobs.rows, blobs.cols, options);
    const b = hdbscan(blobs.data, blobs.rows, blobs.cols, options);
    expect(a.subsampled).toBe(true);
    expect(a.fittedRows).toBe(600);
    expect(a.labels.length).toBe(blobs.rows);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(adjustedRandIndex(a.labels, blobs.truth)).toBeGreaterThan(0.95);
  });

  it('refuses bad options and names a row holding NaN', () => {
    const data = randomMatrix(30, 2, 3);
    expect(() => hdbscan(data, 30, 2, { minClusterSize: 5, minSamples: 31 })).toThrow(/minSamples = 31/);
    expect(() => hdbscan(data, 30, 2, { minClusterSize: 1 })).toThrow(I2xError);
    const bad = data.slice();
    bad[12 * 2] = NaN;
    expect(() => hdbscan(bad, 30, 2, { minClusterSize: 5 })).toThrow(/row 12, column 0 is NaN/);
    expect(() => hdbscan(bad, 30, 2, { minClusterSize: 5, maxExact: 10, seed: 1 })).toThrow(/row 12/);
  });
});
