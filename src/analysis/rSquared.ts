/**
 * Coefficient of determination of the fit `b0 + x(r) · beta` `[p, q]` on the given rows of Y `[rows, q]`:
 * per output 1 - SSres / SStot (SStot about the rows' mean; an output with no variance scores 1 if fitted
 * exactly, else 0, as sklearn), and overall 1 - ΣSSres / ΣSStot (sklearn's 'variance_weighted').
 */
export function rSquared(
  rows: number[],
  p: number,
  q: number,
  Y: Float32Array | Float64Array,
  x: (r: number, j: number) => number,
  beta: Float64Array,
  b0: Float64Array,
): { r2: Float64Array; r2Overall: number } {
  const n = rows.length;
  const meanY = new Float64Array(q);
  for (const r of rows) for (let k = 0; k < q; k++) meanY[k] += Y[r * q + k] / n;
  const residual = new Float64Array(q);
  const total = new Float64Array(q);
  for (const r of rows) {
    for (let k = 0; k < q; k++) {
      let fit = b0[k];
      for (let j = 0; j < p; j++) fit += x(r, j) * beta[j * q + k];
      const y = Y[r * q + k];
      residual[k] += (y - fit) ** 2;
      total[k] += (y - meanY[k]) ** 2;
    }
  }
  const score = (res: number, tot: number): number => (tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0);
  const r2 = Float64Array.from(residual, (res, k) => score(res, total[k]));
  const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
  return { r2, r2Overall: score(sum(residual), sum(total)) };
}
