/**
 * out[j] = x[offset .. offset + cols) · rows[j] for every row of `rows` `[padded, cols]` (`padded` a multiple of
 * four), accumulated in float64, four rows per pass over x so that each x value is loaded once per four
 * products. The inner loop of nearest-centroid scoring (`PackedCentroids`) and of the PCA projection
 * (`projectOntoAxes`).
 */
export function dotsFourAtATime(x: Float64Array, offset: number, rows: Float64Array, padded: number, cols: number, out: Float64Array): void {
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
      const v = x[offset + c];
      s0 += v * rows[w0 + c];
      s1 += v * rows[w1 + c];
      s2 += v * rows[w2 + c];
      s3 += v * rows[w3 + c];
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
}
