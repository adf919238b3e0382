import { dotsFourAtATime } from './dotsFourAtATime.js';

/**
 * out[r, j] = (x_r - mean) · components_j for the `k` axes `components` `[k, cols]`, accumulated in float64. The axes are
 * copied with zero rows up to a multiple of four for `dotsFourAtATime` (four projections per pass over a
 * centred row).
 */
export function projectOntoAxes<T extends Float32Array | Float64Array>(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  mean: Float64Array,
  components: Float64Array,
  k: number,
  out: T,
): T {
  const padded = Math.ceil(k / 4) * 4;
  const axes = new Float64Array(padded * cols);
  axes.set(components);
  const centred = new Float64Array(cols);
  const dots = new Float64Array(padded);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) centred[c] = data[base + c] - mean[c];
    dotsFourAtATime(centred, 0, axes, padded, cols, dots);
    for (let j = 0; j < k; j++) out[r * k + j] = dots[j];
  }
  return out;
}
