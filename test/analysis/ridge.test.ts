import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { ridge } from '../../src/analysis/ridge.js';
import { I2xError } from '../../src/util/I2xError.js';
import { randomMatrix } from './randomMatrix.js';

function toMatrix(data: ArrayLike<number>, rows: number, cols: number): Matrix {
  return new Matrix(Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => data[r * cols + c])));
}

/** Slow, obvious normal equations: centre, form XᵀX + λI, invert, multiply. */
function directSolve(X: ArrayLike<number>, rows: number, p: number, Y: ArrayLike<number>, q: number, lambda: number, intercept: boolean) {
  const x = toMatrix(X, rows, p);
  const y = toMatrix(Y, rows, q);
  const meanX = intercept ? x.mean('column') : new Array<number>(p).fill(0);
  const meanY = intercept ? y.mean('column') : new Array<number>(q).fill(0);
  const xc = x.clone().subRowVector(meanX);
  const yc = y.clone().subRowVector(meanY);
  const beta = inverse(xc.transpose().mmul(xc).add(Matrix.eye(p).mul(lambda))).mmul(xc.transpose()).mmul(yc);
  const b0 = meanY.map((m, k) => m - meanX.reduce((s, v, j) => s + v * beta.get(j, k), 0));
  const fitted = x.mmul(beta).addRowVector(b0);
  const yMean = y.mean('column');
  const r2 = Array.from({ length: q }, (_, k) => {
    let res = 0;
    let tot = 0;
    for (let r = 0; r < rows; r++) {
      res += (y.get(r, k) - fitted.get(r, k)) ** 2;
      tot += (y.get(r, k) - yMean[k]) ** 2;
    }
    return 1 - res / tot;
  });
  return { beta: beta.to1DArray(), intercept: b0, r2 };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 9): void {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
}

describe('ridge', () => {
  const rows = 60;
  const p = 4;
  const q = 3;
  const X = randomMatrix(rows, p, 1).map((v, i) => v + (i % p));
  const trueBeta = randomMatrix(p, q, 2);
  const Y = new Float64Array(rows * q);
  const noise = randomMatrix(rows, q, 3);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < q; k++) {
      let s = 2 + k + 0.3 * noise[r * q + k];
      for (let j = 0; j < p; j++) s += X[r * p + j] * trueBeta[j * q + k];
      Y[r * q + k] = s;
    }
  }

  it('matches a hand-computed 3x1 case', () => {
    // Xc = [-1, 0, 1], Yc = [-7/3, -1/3, 8/3]: beta = 5 / (2 + 1), intercept = 13/3 - 2·5/3 = 1,
    // residuals [-2/3, -1/3, 1]: SSres = 14/9, SStot = 114/9, r² = 50/57.
    const result = ridge(Float64Array.from([1, 2, 3]), 3, 1, Float64Array.from([2, 4, 7]), 1, { lambda: 1 });
    expect(result.beta[0]).toBeCloseTo(5 / 3, 12);
    expect(result.intercept[0]).toBeCloseTo(1, 12);
    expect(result.r2[0]).toBeCloseTo(50 / 57, 12);
    expect(result.r2Overall).toBeCloseTo(50 / 57, 12);
  });

  it('matches a direct normal-equations solve, with and without intercept', () => {
    for (const intercept of [true, false]) {
      for (const lambda of [0, 0.7, 25]) {
        const result = ridge(X, rows, p, Y, q, { lambda, intercept });
        const expected = directSolve(X, rows, p, Y, q, lambda, intercept);
        expectClose(result.beta, expected.beta);
        expectClose(result.intercept, intercept ? expected.intercept : [0, 0, 0]);
        expectClose(result.r2, expected.r2);
      }
    }
  });

  it("treats NaN as 0 in 'zero' mode and counts what was missing", () => {
    const holes = X.slice();
    holes[3 * p + 1] = NaN;
    holes[3 * p + 2] = NaN;
    holes[10 * p] = NaN;
    const result = ridge(holes, rows, p, Y, q, { lambda: 0.5, missing: 'zero' });
    const zeroed = holes.map((v) => (Number.isNaN(v) ? 0 : v));
    expectClose(result.beta, directSolve(zeroed, rows, p, Y, q, 0.5, true).beta);
    expect(result.missing).toEqual({ mode: 'zero', cells: 3, rows: 2 });
    expect(result.rowsUsed).toBe(rows);
  });

  it("leaves rows out in 'drop-rows' mode and under a mask, like fitting the subset", () => {
    const holes = X.slice();
    holes[3 * p + 1] = NaN;
    holes[10 * p] = NaN;
    const keep = Array.from({ length: rows }, (_, r) => r).filter((r) => r !== 3 && r !== 10 && r % 4 !== 0);
    const mask = Array.from({ length: rows }, (_, r) => r % 4 !== 0);
    const result = ridge(holes, rows, p, Y, q, { lambda: 0.5, missing: 'drop-rows', mask });
    const subX = keep.flatMap((r) => Array.from(X.subarray(r * p, (r + 1) * p)));
    const subY = keep.flatMap((r) => Array.from(Y.subarray(r * q, (r + 1) * q)));
    const expected = directSolve(subX, keep.length, p, subY, q, 0.5, true);
    expectClose(result.beta, expected.beta);
    expectClose(result.intercept, expected.intercept);
    expectClose(result.r2, expected.r2);
    expect(result.rowsUsed).toBe(keep.length);
    expect(result.missing).toEqual({ mode: 'drop-rows', cells: 2, rows: 2 });
  });

  it('asks for a missing mode when X holds NaN, and names bad Y rows', () => {
    const holes = X.slice();
    holes[7 * p] = NaN;
    expect(() => ridge(holes, rows, p, Y, q, { lambda: 1 })).toThrow(/X row 7 holds NaN; choose missing/);
    const badY = Y.slice();
    badY[5 * q + 2] = Infinity;
    expect(() => ridge(X, rows, p, badY, q, { lambda: 1 })).toThrow(/Y row 5, column 2/);
  });

  it('refuses a singular system at lambda 0', () => {
    const twins = Float64Array.from({ length: 10 * 2 }, (_, i) => Math.floor(i / 2));
    expect(() => ridge(twins, 10, 2, Float64Array.from({ length: 10 }, (_, i) => i), 1, { lambda: 0 })).toThrow(I2xError);
  });
});
