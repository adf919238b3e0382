/**
 * out[r, j] = (x_r - mean) · components_j for the `k` axes `components` `[k, cols]`, accumulated in float64. The axes are
 * copied with zero rows up to a multiple of four, so each pass over a centred row yields four projections
 * (each x value loaded once per four products).
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
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) centred[c] = data[base + c] - mean[c];
    for (let j = 0; j < padded; j += 4) {
      const w0 = j * cols;
      const w1 = w0 + cols;
      const w2 = w1 + cols;
      const w3 = w2 + cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < cols; c++) {
        const v = centred[c];
        s0 += v * axes[w0 + c];
        s1 += v * axes[w1 + c];
        s2 += v * axes[w2 + c];
        s3 += v * axes[w3 + c];
      }
      const o = r * k + j;
      out[o] = s0;
      if (j + 1 < k) out[o + 1] = s1;
      if (j + 2 < k) out[o + 2] = s2;
      if (j + 3 < k) out[o + 3] = s3;
    }
  }
  return out;
}
