import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { I2xError } from '../util/I2xError.js';
import { assertMatrixShape } from './assertMatrixShape.js';
import { rSquared } from './rSquared.js';
import type { RidgeOptions, RidgeResult } from './RidgeOptions.js';
import { ridgeRowsUsed } from './ridgeRowsUsed.js';
import { rowsToArrays } from './rowsToArrays.js';

/**
 * Ridge regression of Y `[rows, q]` on X `[rows, p]`:
 * beta = (Xcᵀ Xc + lambda I)⁻¹ Xcᵀ Yc with X and Y centred on the rows used when `intercept` (so the
 * intercept is not penalised), intercept = mean(Y) - mean(X) · beta. Sums are float64, solved by
 * Cholesky. Y must be finite; X may hold NaN only with an explicit `missing` mode.
 * r² for an output with no variance is 1 if it is fitted exactly, else 0 (sklearn's convention).
 */
export function ridge(
  X: Float32Array | Float64Array,
  rows: number,
  p: number,
  Y: Float32Array | Float64Array,
  q: number,
  options: RidgeOptions,
): RidgeResult {
  assertMatrixShape('ridge X', X, rows, p);
  assertMatrixShape('ridge Y', Y, rows, q);
  const { lambda, intercept = true, missing, mask } = options;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new I2xError('E_ANALYSIS', `ridge: lambda = ${lambda}; expected a finite number >= 0`);
  }
  if (mask && mask.length !== rows) {
    throw new I2xError('E_ANALYSIS', `ridge: mask has ${mask.length} entries; expected one per row (${rows})`);
  }
  const used = ridgeRowsUsed(X, rows, p, Y, q, missing, mask);
  const n = used.rows.length;
  if (n === 0) throw new I2xError('E_ANALYSIS', 'ridge: no rows left to fit after the mask and missing-value handling');
  const x = (r: number, j: number): number => {
    const v = X[r * p + j];
    return v === v ? v : 0; // NaN reaches here only in 'zero' mode
  };
  const meanX = new Float64Array(p);
  const meanY = new Float64Array(q);
  if (intercept) {
    for (const r of used.rows) {
      for (let j = 0; j < p; j++) meanX[j] += x(r, j) / n;
      for (let k = 0; k < q; k++) meanY[k] += Y[r * q + k] / n;
    }
  }
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p * q);
  const xc = new Float64Array(p);
  for (const r of used.rows) {
    for (let j = 0; j < p; j++) xc[j] = x(r, j) - meanX[j];
    for (let i = 0; i < p; i++) {
      for (let j = i; j < p; j++) xtx[i * p + j] += xc[i] * xc[j];
      for (let k = 0; k < q; k++) xty[i * q + k] += xc[i] * (Y[r * q + k] - meanY[k]);
    }
  }
  for (let i = 0; i < p; i++) {
    xtx[i * p + i] += lambda;
    for (let j = 0; j < i; j++) xtx[i * p + j] = xtx[j * p + i];
  }
  const cholesky = new CholeskyDecomposition(new Matrix(rowsToArrays(xtx, p, p)));
  if (!cholesky.isPositiveDefinite()) {
    throw new I2xError(
      'E_ANALYSIS',
      `ridge: Xᵀ X + lambda I is singular (lambda = ${lambda}, ${n} rows, ${p} inputs); use lambda > 0`,
    );
  }
  const beta = Float64Array.from(cholesky.solve(new Matrix(rowsToArrays(xty, p, q))).to1DArray());
  const b0 = Float64Array.from(meanY, (m, k) => {
    let s = m;
    for (let j = 0; j < p; j++) s -= meanX[j] * beta[j * q + k];
    return s;
  });
  const { r2, r2Overall } = rSquared(used.rows, p, q, Y, x, beta, b0);
  return { beta, intercept: b0, r2, r2Overall, rowsUsed: n, missing: used.missing };
}
