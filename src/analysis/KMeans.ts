import { derivedSeed } from '../util/derivedSeed.js';
import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';
import { assertMatrixShape } from './assertMatrixShape.js';
import { assertModelJson } from './assertModelJson.js';
import { kmeansPlusPlus } from './kmeansPlusPlus.js';
import { lloydHamerly } from './lloydHamerly.js';
import { nearestCentroids } from './nearestCentroids.js';
import { numberMatrixFromJson } from './numberMatrixFromJson.js';
import { rowsToArrays } from './rowsToArrays.js';
import { seededSample } from './seededSample.js';

export interface KMeansFitOptions {
  k: number;
  /** seeds both the row sample and k-means++ (default 0) */
  seed?: number;
  /** fit on at most this many rows, drawn without replacement (default 100000) */
  sampleSize?: number;
  /** Lloyd iterations at most (default 100) */
  maxIter?: number;
  /** stop when Σ‖Δcentroid‖² <= tolerance × mean per-column variance of the sample (sklearn's rule; default 1e-4) */
  tolerance?: number;
  /**
   * k-means++ starts, each followed by Lloyd; the lowest inertia wins, the earlier start on a tie (sklearn's
   * n_init; default 1). Start 0 draws from the sample's random stream, start i > 0 from derivedSeed(seed, 'kmeans-start', i).
   */
  nInit?: number;
}

export interface KMeansJson {
  kind: 'i2x.KMeans';
  version: 1;
  k: number;
  cols: number;
  /** [k][cols] */
  centroids: number[][];
  inertia: number;
  iterations: number;
  converged: boolean;
  fittedRows: number;
  /** the inertia after each start, in order (absent in files written before restarts) */
  startInertias?: number[];
}

/**
 * k-means (k-means++ seeding, then Lloyd iterations) fitted on a seeded sample of at most `sampleSize`
 * rows; `predict` then assigns any number of rows to their nearest centroid. An emptied cluster is
 * re-seeded at the sample row farthest from its centroid. `inertia` is the sum of squared distances of the
 * fitted sample to the final centroids.
 */
export class KMeans {
  static readonly kind = 'i2x.KMeans';

  private constructor(
    readonly k: number,
    readonly cols: number,
    /** [k, cols] */
    readonly centroids: Float64Array,
    readonly inertia: number,
    readonly iterations: number,
    readonly converged: boolean,
    readonly fittedRows: number,
    /** the inertia after each k-means++ start; `inertia` is their minimum */
    readonly startInertias: readonly number[],
  ) {}

  static fit(data: Float32Array | Float64Array, rows: number, cols: number, options: KMeansFitOptions): KMeans {
    assertMatrixShape('KMeans.fit data', data, rows, cols);
    const { k, seed = 0, sampleSize = 100_000, maxIter = 100, tolerance = 1e-4, nInit = 1 } = options;
    if (!Number.isInteger(nInit) || nInit < 1) throw new I2xError('E_ANALYSIS', `KMeans.fit: nInit = ${nInit}; expected an integer >= 1`);
    if (!Number.isInteger(k) || k < 1) throw new I2xError('E_ANALYSIS', `KMeans.fit: k = ${k}; expected an integer >= 1`);
    if (k > rows) throw new I2xError('E_ANALYSIS', `KMeans.fit: k = ${k} exceeds the ${rows} rows; k must be <= rows`);
    if (!Number.isInteger(sampleSize) || sampleSize < k) {
      throw new I2xError('E_ANALYSIS', `KMeans.fit: sampleSize = ${sampleSize}; expected an integer >= k = ${k}`);
    }
    const random = new SeededRandom(seed);
    const { sample, count } = seededSample(data, rows, cols, sampleSize, random);
    // Work around the sample mean: distances stay well conditioned whatever the data's offset.
    const origin = columnMeans(sample, count, cols);
    for (let i = 0; i < sample.length; i++) sample[i] -= origin[i % cols];
    const meanVariance = sample.reduce((s, v) => s + v * v, 0) / sample.length;
    const labels = new Int32Array(count);
    const zero = new Float64Array(cols);
    const startInertias: number[] = [];
    let best: { centroids: Float64Array; iterations: number; converged: boolean; inertia: number } | null = null;
    for (let start = 0; start < nInit; start++) {
      const startRandom = start === 0 ? random : new SeededRandom(derivedSeed(seed, 'kmeans-start', start));
      const seeds = kmeansPlusPlus(sample, count, cols, k, startRandom);
      const lloyd = lloydHamerly(sample, count, cols, seeds, k, maxIter, tolerance * meanVariance);
      const inertia = nearestCentroids(sample, count, cols, lloyd.centroids, k, labels, zero);
      startInertias.push(inertia);
      if (best === null || inertia < best.inertia) best = { centroids: lloyd.centroids, iterations: lloyd.iterations, converged: lloyd.converged, inertia };
    }
    const centroids = best!.centroids.map((v, i) => v + origin[i % cols]);
    return new KMeans(k, cols, centroids, best!.inertia, best!.iterations, best!.converged, count, startInertias);
  }

  /** Nearest-centroid label of each row of `[rows, cols]`. */
  predict(data: Float32Array | Float64Array, rows: number): Int32Array {
    assertMatrixShape('KMeans.predict data', data, rows, this.cols, true);
    const labels = new Int32Array(rows);
    nearestCentroids(data, rows, this.cols, this.centroids, this.k, labels, centroidMean(this));
    return labels;
  }

  toJSON(): KMeansJson {
    return {
      kind: 'i2x.KMeans',
      version: 1,
      k: this.k,
      cols: this.cols,
      centroids: rowsToArrays(this.centroids, this.k, this.cols),
      inertia: this.inertia,
      iterations: this.iterations,
      converged: this.converged,
      fittedRows: this.fittedRows,
      startInertias: [...this.startInertias],
    };
  }

  static load(json: unknown): KMeans {
    const record = assertModelJson(json, KMeans.kind, 1);
    const { k, cols } = record;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1) {
      throw new I2xError('E_ANALYSIS', `load: i2x.KMeans needs integers 'k' >= 1 and 'cols' >= 1`);
    }
    const number = (key: string): number => (typeof record[key] === 'number' ? (record[key] as number) : 0);
    return new KMeans(
      k,
      cols,
      numberMatrixFromJson(record, 'centroids', k, cols),
      number('inertia'),
      number('iterations'),
      record.converged === true,
      number('fittedRows'),
      Array.isArray(record.startInertias) && record.startInertias.every((v) => typeof v === 'number') ? (record.startInertias as number[]) : [number('inertia')],
    );
  }
}

function columnMeans(data: Float64Array, rows: number, cols: number): Float64Array {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  return mean.map((s) => s / rows);
}

/** The centroids' own mean: a cheap, data-free origin that keeps predict's distances well conditioned. */
function centroidMean(model: KMeans): Float64Array {
  return columnMeans(model.centroids, model.k, model.cols);
}
