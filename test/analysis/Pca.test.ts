import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/analysis/KMeans.js';
import { Pca } from '../../src/analysis/Pca.js';
import { I2xError } from '../../src/util/I2xError.js';
import { randomMatrix } from './randomMatrix.js';

const rows = 240;
const cols = 6;

/** Correlated columns with distinct variances and an offset, so every axis is well defined. */
function correlatedData(cols: number): Float64Array {
  const z = randomMatrix(rows, cols, 11);
  const mixing = randomMatrix(cols, cols, 12);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 5 + c;
      for (let l = 0; l < cols; l++) s += z[r * cols + l] * (cols - l) * mixing[l * cols + c];
      out[r * cols + c] = s;
    }
  }
  return out;
}

/** The slow, obvious reference: SVD of the explicitly centred matrix. */
function svdReference(data: Float64Array, cols: number): { variance: number[]; axes: number[][] } {
  const m = new Matrix(rows, cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) m.set(r, c, data[r * cols + c]);
  const means = m.mean('column');
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) m.set(r, c, m.get(r, c) - means[c]);
  const svd = new SingularValueDecomposition(m, { autoTranspose: true });
  const v = svd.rightSingularVectors;
  return {
    variance: svd.diagonal.map((s) => (s * s) / (rows - 1)),
    axes: svd.diagonal.map((_, j) => Array.from({ length: cols }, (_, c) => v.get(c, j))),
  };
}

describe('Pca', () => {
  const data = correlatedData(cols);
  const reference = svdReference(data, cols);

  it.each([6, 5])('finds the variances and axes of an SVD of the centred matrix (%i columns)', (width) => {
    const matrix = correlatedData(width);
    const expected = svdReference(matrix, width);
    const pca = Pca.fit(matrix, rows, width);
    const total = expected.variance.reduce((s, v) => s + v, 0);
    for (let j = 0; j < width; j++) {
      expect(Math.abs(pca.explainedVariance[j] - expected.variance[j])).toBeLessThan(1e-8);
      expect(Math.abs(pca.explainedVarianceRatio[j] - expected.variance[j] / total)).toBeLessThan(1e-8);
      const axis = Array.from(pca.components.subarray(j * width, (j + 1) * width));
      const sign = Math.sign(axis.reduce((s, v, c) => s + v * expected.axes[j][c], 0));
      axis.forEach((v, c) => expect(Math.abs(v - sign * expected.axes[j][c])).toBeLessThan(1e-8));
    }
  });

  it('projects like the centred data times the reference axes', () => {
    const pca = Pca.fit(data, rows, cols, { components: 3 });
    const projected = pca.transform(data, rows);
    const means = Array.from({ length: cols }, (_, c) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += data[r * cols + c];
      return s / rows;
    });
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < 3; j++) {
        let expected = 0;
        for (let c = 0; c < cols; c++) expected += (data[r * cols + c] - means[c]) * pca.components[j * cols + c];
        expect(projected[r * 3 + j]).toBeCloseTo(expected, 4);
      }
    }
  });

  it('gives the same covariance whatever the block size, for float32 and float64 input', () => {
    const a = Pca.fit(data, rows, cols, { blockRows: 7 });
    const b = Pca.fit(data, rows, cols, { blockRows: 1000 });
    const asFloat32 = Float32Array.from(data);
    const c = Pca.fit(asFloat32, rows, cols);
    const d = Pca.fit(Float64Array.from(asFloat32), rows, cols);
    for (let j = 0; j < cols; j++) {
      expect(a.explainedVariance[j]).toBeCloseTo(b.explainedVariance[j], 9);
      expect(c.explainedVariance[j]).toBe(d.explainedVariance[j]);
    }
  });

  it('keeps the fewest components reaching an explained-variance fraction', () => {
    const total = reference.variance.reduce((s, v) => s + v, 0);
    const firstThree = (reference.variance[0] + reference.variance[1] + reference.variance[2]) / total;
    expect(Pca.fit(data, rows, cols, { explainedVariance: firstThree - 1e-6 }).componentCount).toBe(3);
    expect(Pca.fit(data, rows, cols, { explainedVariance: firstThree + 1e-6 }).componentCount).toBe(4);
    expect(Pca.fit(data, rows, cols, { explainedVariance: 1 }).componentCount).toBe(cols);
  });

  it('round-trips through tagged JSON', () => {
    const pca = Pca.fit(data, rows, cols, { components: 2 });
    const json = JSON.parse(JSON.stringify(pca.toJSON()));
    expect(json.kind).toBe('i2x.Pca');
    const loaded = Pca.load(json);
    expect(Array.from(loaded.transform(data, rows))).toEqual(Array.from(pca.transform(data, rows)));
  });

  it('refuses JSON of another kind, naming expected and got', () => {
    const kmeans = KMeans.fit(data, rows, cols, { k: 2 }).toJSON();
    expect(() => Pca.load(kmeans)).toThrow(/expected kind 'i2x\.Pca', got 'i2x\.KMeans'/);
    expect(() => Pca.load({ ...Pca.fit(data, rows, cols).toJSON(), version: 2 })).toThrow(/version 2/);
  });

  it('names the row holding NaN, and refuses bad options', () => {
    const bad = data.slice();
    bad[37 * cols + 2] = NaN;
    expect(() => Pca.fit(bad, rows, cols)).toThrow(/row 37, column 2 is NaN/);
    expect(() => Pca.fit(data, rows, cols, { components: 7 })).toThrow(I2xError);
    expect(() => Pca.fit(data, rows, cols, { components: 2, explainedVariance: 0.9 })).toThrow(/not both/);
    expect(() => Pca.fit(data, rows, cols + 1)).toThrow(/does not match/);
  });
});
