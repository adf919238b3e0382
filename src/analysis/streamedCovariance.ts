import { I2xError } from '../util/I2xError.js';

export interface Covariance {
  /** [cols] column means */
  mean: Float64Array;
  /** [cols, cols] sample covariance (divided by rows - 1), symmetric */
  covariance: Float64Array;
}

/**
 * Mean and sample covariance of a `[rows, cols]` matrix (rows >= 2) in two streamed passes (means, then
 * mean-centred cross products), accumulated in float64 over blocks of `blockRows` rows. Each block is
 * centred into a transposed float64 buffer `[cols, blockRows]`, so every covariance entry is a dot
 * product of two contiguous runs, with the accumulators held in registers. Memory beyond the input:
 * O(cols · blockRows).
 * Throws E_ANALYSIS naming the first row holding NaN or ±Infinity.
 */
export function streamedCovariance(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  blockRows = 256,
): Covariance {
  const mean = columnMeans(data, rows, cols, blockRows);
  // An even number of buffer rows (a zero row when cols is odd) lets the kernel work in 2 x 2 tiles.
  const even = cols + (cols % 2);
  const sums = new Float64Array(even * even);
  const block = new Float64Array(even * blockRows);
  for (let start = 0; start < rows; start += blockRows) {
    const n = Math.min(blockRows, rows - start);
    for (let r = 0; r < n; r++) {
      const base = (start + r) * cols;
      for (let c = 0; c < cols; c++) block[c * blockRows + r] = data[base + c] - mean[c];
    }
    accumulateUpperTiles(block, blockRows, n, even, sums);
  }
  const scale = 1 / (rows - 1);
  const cov = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      const v = sums[i * even + j] * scale;
      cov[i * cols + j] = v;
      cov[j * cols + i] = v;
    }
  }
  return { mean, covariance: cov };
}

/**
 * sums[i, j] += Σ_r block[i, r] · block[j, r] over 2 x 2 tiles on and above the diagonal: four
 * accumulators from four loads per step. (Tiles on the diagonal also fill one entry below it, unused.)
 */
function accumulateUpperTiles(block: Float64Array, stride: number, n: number, even: number, sums: Float64Array): void {
  for (let i = 0; i < even; i += 2) {
    const a0 = i * stride;
    const a1 = a0 + stride;
    for (let j = i; j < even; j += 2) {
      const b0 = j * stride;
      const b1 = b0 + stride;
      let t00 = 0;
      let t01 = 0;
      let t10 = 0;
      let t11 = 0;
      for (let r = 0; r < n; r++) {
        const x0 = block[a0 + r];
        const x1 = block[a1 + r];
        const y0 = block[b0 + r];
        const y1 = block[b1 + r];
        t00 += x0 * y0;
        t01 += x0 * y1;
        t10 += x1 * y0;
        t11 += x1 * y1;
      }
      sums[i * even + j] += t00;
      sums[i * even + j + 1] += t01;
      sums[(i + 1) * even + j] += t10;
      sums[(i + 1) * even + j + 1] += t11;
    }
  }
}

function columnMeans(data: Float32Array | Float64Array, rows: number, cols: number, blockRows: number): Float64Array {
  const sum = new Float64Array(cols);
  for (let start = 0; start < rows; start += blockRows) {
    const end = Math.min(rows, start + blockRows);
    const blockSum = new Float64Array(cols);
    for (let r = start; r < end; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) blockSum[c] += data[base + c];
    }
    for (let c = 0; c < cols; c++) {
      // NaN or Infinity anywhere in the block shows up in its sum; only then look for the row.
      if (!Number.isFinite(blockSum[c])) throwFirstNonFinite(data, start, end, cols);
      sum[c] += blockSum[c];
    }
  }
  for (let c = 0; c < cols; c++) sum[c] /= rows;
  return sum;
}

function throwFirstNonFinite(data: Float32Array | Float64Array, start: number, end: number, cols: number): never {
  for (let r = start; r < end; r++) {
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c];
      if (!Number.isFinite(v)) {
        throw new I2xError('E_ANALYSIS', `data: row ${r}, column ${c} is ${v}; only finite values are accepted`);
      }
    }
  }
  throw new I2xError('E_ANALYSIS', `data: rows ${start}..${end - 1} overflow to a non-finite sum; rescale the data`);
}
