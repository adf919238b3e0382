import { I2xError } from '../util/I2xError.js';
import type { SeededRandom } from '../util/SeededRandom.js';

export interface RowSample {
  /** [count, cols] float64 copy of the chosen rows, in increasing row order */
  sample: Float64Array;
  /** [count] the chosen rows' numbers in the input */
  rowIndex: Int32Array;
  count: number;
}

/**
 * Copies at most `size` rows of `[rows, cols]` into a float64 matrix: every row when `rows <= size`
 * (no random draws), otherwise a uniform draw without replacement from `random`. Throws E_ANALYSIS
 * naming the first chosen row that holds NaN or ±Infinity.
 */
export function seededSample(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  size: number,
  random: SeededRandom,
): RowSample {
  const count = Math.min(rows, size);
  const rowIndex =
    count === rows ? Int32Array.from({ length: rows }, (_, r) => r) : random.permutation(rows).slice(0, count).sort();
  const sample = new Float64Array(count * cols);
  for (let i = 0; i < count; i++) {
    const base = rowIndex[i] * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c];
      if (!Number.isFinite(v)) {
        throw new I2xError('E_ANALYSIS', `data: row ${rowIndex[i]}, column ${c} is ${v}; only finite values are accepted`);
      }
      sample[i * cols + c] = v;
    }
  }
  return { sample, rowIndex, count };
}
