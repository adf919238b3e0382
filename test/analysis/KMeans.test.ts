import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/analysis/KMeans.js';
import { Pca } from '../../src/analysis/Pca.js';
import { adjustedRandIndex } from '../../src/analysis/adjustedRandIndex.js';
import { kmeansPlusPlus } from '../../src/analysis/kmeansPlusPlus.js';
import { lloydHamerly } from '../../src/analysis/lloydHamerly.js';
import { I2xError } from '../../src/util/I2xError.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { gaussianBlobs } from './gaussianBlobs.js';
import { randomMatrix } from './randomMatrix.js';

function squaredDistance(data: ArrayLike<number>, r: number, centroids: ArrayLike<number>, j: number, cols: number): number {
  let s = 0;
  for (let c = 0; c < cols; c++) s += (data[r * cols + c] - centroids[j * cols + c]) ** 2;
  return s;
}

/** Slow, obvious nearest-centroid search: every distance in full, first minimum wins. */
function bruteForce(data: ArrayLike<number>, rows: number, cols: number, centroids: ArrayLike<number>, k: number) {
  const labels = new Int32Array(rows);
  let inertia = 0;
  for (let r = 0; r < rows; r++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      const d = squaredDistance(data, r, centroids, j, cols);
      if (d < best) {
        best = d;
        labels[r] = j;
      }
    }
    inertia += best;
  }
  return { labels, inertia };
}

/** Plain Lloyd iterations, written the obvious way. */
function slowLloyd(data: Float64Array, rows: number, cols: number, initial: Float64Array, k: number, maxIter: number) {
  let centroids = initial.slice();
  for (let it = 1; it <= maxIter; it++) {
    const { labels } = bruteForce(data, rows, cols, centroids, k);
    const next = new Float64Array(k * cols);
    const counts = new Array<number>(k).fill(0);
    for (let r = 0; r < rows; r++) {
      counts[labels[r]]++;
      for (let c = 0; c < cols; c++) next[labels[r] * cols + c] += data[r * cols + c];
    }
    for (let j = 0; j < k; j++) for (let c = 0; c < cols; c++) next[j * cols + c] /= counts[j];
    const same = next.every((v, i) => v === centroids[i]);
    centroids = next;
    if (same) return { centroids, iterations: it };
  }
  return { centroids, iterations: maxIter };
}

describe('KMeans', () => {
  const blobs = gaussianBlobs([[0, 0, 0], [8, 0, 1], [0, 9, -2], [6, 6, 6]], 60, 1, 5);

  it('assigns every row like a brute-force search and reports its inertia', () => {
    const data = randomMatrix(500, 5, 3);
    const model = KMeans.fit(data, 500, 5, { k: 7, seed: 2 });
    const predicted = model.predict(data, 500);
    const reference = bruteForce(data, 500, 5, model.centroids, 7);
    expect(Array.from(predicted)).toEqual(Array.from(reference.labels));
    expect(model.inertia).toBeCloseTo(reference.inertia, 8);
    expect(Array.from(model.predict(Float32Array.from(data), 500))).toEqual(Array.from(reference.labels));
  });

  it('nInit keeps the start with the lowest inertia; start 0 is the single-start fit (issue 15)', () => {
    const data = randomMatrix(500, 5, 3);
    const single = KMeans.fit(data, 500, 5, { k: 7, seed: 2 });
    const best = KMeans.fit(data, 500, 5, { k: 7, seed: 2, nInit: 8 });
    expect(single.startInertias).toEqual([single.inertia]);
    expect(best.startInertias).toHaveLength(8);
    expect(best.startInertias[0]).toBe(single.inertia);
    expect(new Set(best.startInertias).size).toBeGreaterThan(1); // the other starts really start elsewhere
    expect(best.inertia).toBe(Math.min(...best.startInertias));
    expect(best.inertia).toBeLessThanOrEqual(single.inertia);
    // the kept centroids are the ones that inertia belongs to (sample = all rows here)
    expect(bruteForce(data, 500, 5, best.centroids, 7).inertia).toBeCloseTo(best.inertia, 8);
    const again = KMeans.fit(data, 500, 5, { k: 7, seed: 2, nInit: 8 });
    expect(Array.from(again.centroids)).toEqual(Array.from(best.centroids));
    expect(KMeans.load(JSON.parse(JSON.stringify(best.toJSON()))).startInertias).toEqual(best.startInertias);
    expect(() => KMeans.fit(data, 500, 5, { k: 7, nInit: 0 })).toThrow(/nInit = 0; expected an integer >= 1/);
  });

  it('recovers well-separated blobs, with centroids at the means of their rows', () => {
    const model = KMeans.fit(blobs.data, blobs.rows, blobs.cols, { k: 4, seed: 1, tolerance: 0 });
    const labels = model.predict(blobs.data, blobs.rows);
    expect(adjustedRandIndex(labels, blobs.truth)).toBe(1);
    expect(model.converged).toBe(true);
    for (let j = 0; j < 4; j++) {
      const members = Array.from(labels.keys()).filter((r) => labels[r] === j);
      for (let c = 0; c < blobs.cols; c++) {
        const mean = members.reduce((s, r) => s + blobs.data[r * blobs.cols + c], 0) / members.length;
        expect(model.centroids[j * blobs.cols + c]).toBeCloseTo(mean, 10);
      }
    }
  });

  it("Hamerly's bounds give exactly plain Lloyd's iterations", () => {
    const data = randomMatrix(400, 3, 8);
    const seeds = kmeansPlusPlus(data, 400, 3, 9, new SeededRandom(4));
    const fast = lloydHamerly(data, 400, 3, seeds, 9, 200, 0);
    const slow = slowLloyd(data, 400, 3, seeds, 9, 200);
    expect(fast.iterations).toBe(slow.iterations);
    fast.centroids.forEach((v, i) => expect(v).toBeCloseTo(slow.centroids[i], 10));
  });

  it('re-seeds an emptied cluster at the farthest row', () => {
    // 1-D rows 0..9 with a centroid at 100 that wins nothing: it restarts at row 9, then Lloyd settles.
    const line = Float64Array.from({ length: 10 }, (_, i) => i);
    const fit = lloydHamerly(line, 10, 1, Float64Array.from([0, 100]), 2, 50, 0);
    expect(Array.from(fit.centroids)).toEqual([2.5, 7.5]);
    expect(fit.converged).toBe(true);
  });

  it('fits on a seeded sample and still assigns every row; same seed, same model', () => {
    const projected = Pca.fit(blobs.data, blobs.rows, blobs.cols, { components: 2 }).transform(blobs.data, blobs.rows);
    const a = KMeans.fit(projected, blobs.rows, 2, { k: 4, seed: 9, sampleSize: 50 });
    const b = KMeans.fit(projected, blobs.rows, 2, { k: 4, seed: 9, sampleSize: 50 });
    expect(a.fittedRows).toBe(50);
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    const labels = a.predict(projected, blobs.rows);
    expect(labels.length).toBe(blobs.rows);
    expect(Array.from(labels)).toEqual(Array.from(bruteForce(projected, blobs.rows, 2, a.centroids, 4).labels));
  });

  it('round-trips through tagged JSON and refuses another kind', () => {
    const model = KMeans.fit(blobs.data, blobs.rows, blobs.cols, { k: 4, seed: 1 });
    const loaded = KMeans.load(JSON.parse(JSON.stringify(model)));
    expect(Array.from(loaded.predict(blobs.data, blobs.rows))).toEqual(Array.from(model.predict(blobs.data, blobs.rows)));
    expect(loaded.inertia).toBe(model.inertia);
    const pca = Pca.fit(blobs.data, blobs.rows, blobs.cols).toJSON();
    expect(() => KMeans.load(pca)).toThrow(/expected kind 'i2x\.KMeans', got 'i2x\.Pca'/);
  });

  it('refuses K > rows, naming both, and names a row holding NaN', () => {
    const data = randomMatrix(10, 2, 1);
    expect(() => KMeans.fit(data, 10, 2, { k: 11 })).toThrow(/k = 11 exceeds the 10 rows/);
    const bad = data.slice();
    bad[6 * 2 + 1] = NaN;
    expect(() => KMeans.fit(bad, 10, 2, { k: 2 })).toThrow(/row 6, column 1 is NaN/);
    const model = KMeans.fit(data, 10, 2, { k: 2 });
    expect(() => model.predict(bad, 10)).toThrow(/row 6 /);
    expect(() => model.predict(bad, 10)).toThrow(I2xError);
  });
});
