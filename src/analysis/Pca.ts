import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { I2xError } from '../util/I2xError.js';
import { assertMatrixShape } from './assertMatrixShape.js';
import { assertModelJson } from './assertModelJson.js';
import { numberMatrixFromJson } from './numberMatrixFromJson.js';
import { projectOntoAxes } from './projectOntoAxes.js';
import { rowsToArrays } from './rowsToArrays.js';
import { streamedCovariance } from './streamedCovariance.js';

export interface PcaFitOptions {
  /** keep this many components (1..cols) */
  components?: number;
  /** or keep the fewest components whose explained-variance ratios sum to at least this, in (0, 1] */
  explainedVariance?: number;
  /** rows per streamed block of the covariance pass (default 256) */
  blockRows?: number;
}

export interface PcaJson {
  kind: 'i2x.Pca';
  version: 1;
  cols: number;
  fittedRows: number;
  mean: number[];
  /** [k][cols], one principal axis per entry */
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
}

/**
 * Principal component analysis of a `[rows, cols]` matrix via the eigendecomposition of its streamed
 * sample covariance (divided by rows - 1, as sklearn's `explained_variance_`). Components are sorted by
 * decreasing variance; each is signed so that its largest-magnitude entry is positive.
 */
export class Pca {
  static readonly kind = 'i2x.Pca';

  private constructor(
    readonly cols: number,
    readonly fittedRows: number,
    /** [cols] */
    readonly mean: Float64Array,
    /** [k, cols], row j is the j-th principal axis (unit length) */
    readonly components: Float64Array,
    /** [k] variance along each kept axis */
    readonly explainedVariance: Float64Array,
    /** [k] explainedVariance / total variance of the data */
    readonly explainedVarianceRatio: Float64Array,
  ) {}

  get componentCount(): number {
    return this.explainedVariance.length;
  }

  static fit(data: Float32Array | Float64Array, rows: number, cols: number, options: PcaFitOptions = {}): Pca {
    assertMatrixShape('Pca.fit data', data, rows, cols);
    if (rows < 2) throw new I2xError('E_ANALYSIS', `Pca.fit: rows = ${rows}; at least 2 rows are needed`);
    const { mean, covariance } = streamedCovariance(data, rows, cols, options.blockRows ?? 256);
    const evd = new EigenvalueDecomposition(new Matrix(rowsToArrays(covariance, cols, cols)), {
      assumeSymmetric: true,
    });
    const values = evd.realEigenvalues.map((v) => Math.max(v, 0));
    const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
    const total = values.reduce((s, v) => s + v, 0);
    const ratios = order.map((i) => (total > 0 ? values[i] / total : 0));
    const k = componentCount(options, cols, ratios);
    const vectors = evd.eigenvectorMatrix;
    const components = new Float64Array(k * cols);
    for (let j = 0; j < k; j++) {
      let largest = 0;
      for (let c = 0; c < cols; c++) {
        const v = vectors.get(c, order[j]);
        if (Math.abs(v) > Math.abs(largest)) largest = v;
      }
      const sign = largest < 0 ? -1 : 1;
      for (let c = 0; c < cols; c++) components[j * cols + c] = sign * vectors.get(c, order[j]);
    }
    const variance = Float64Array.from(order.slice(0, k), (i) => values[i]);
    return new Pca(cols, rows, mean, components, variance, Float64Array.from(ratios.slice(0, k)));
  }

  /**
   * Projects `[rows, cols]` onto the kept axes: `(x - mean) · componentsᵀ` -> `[rows, k]`, accumulated in
   * float64 and written to `out` (a new Float32Array unless a `[rows, k]` array is passed).
   */
  transform(data: Float32Array | Float64Array, rows: number): Float32Array;
  transform<T extends Float32Array | Float64Array>(data: Float32Array | Float64Array, rows: number, out: T): T;
  transform(data: Float32Array | Float64Array, rows: number, out?: Float32Array | Float64Array): Float32Array | Float64Array {
    assertMatrixShape('Pca.transform data', data, rows, this.cols, true);
    const { cols, mean, components } = this;
    const k = this.componentCount;
    out ??= new Float32Array(rows * k);
    assertMatrixShape('Pca.transform out', out, rows, k, true);
    return projectOntoAxes(data, rows, cols, mean, components, k, out);
  }

  toJSON(): PcaJson {
    const k = this.componentCount;
    return {
      kind: 'i2x.Pca',
      version: 1,
      cols: this.cols,
      fittedRows: this.fittedRows,
      mean: Array.from(this.mean),
      components: rowsToArrays(this.components, k, this.cols),
      explainedVariance: Array.from(this.explainedVariance),
      explainedVarianceRatio: Array.from(this.explainedVarianceRatio),
    };
  }

  static load(json: unknown): Pca {
    const record = assertModelJson(json, Pca.kind, 1);
    const cols = record.cols;
    const k = Array.isArray(record.components) ? record.components.length : -1;
    if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1 || k < 1) {
      throw new I2xError('E_ANALYSIS', `load: i2x.Pca needs an integer 'cols' >= 1 and a non-empty 'components'`);
    }
    return new Pca(
      cols,
      typeof record.fittedRows === 'number' ? record.fittedRows : 0,
      numberMatrixFromJson(record, 'mean', 1, cols, true),
      numberMatrixFromJson(record, 'components', k, cols),
      numberMatrixFromJson(record, 'explainedVariance', 1, k, true),
      numberMatrixFromJson(record, 'explainedVarianceRatio', 1, k, true),
    );
  }
}

function componentCount(options: PcaFitOptions, cols: number, ratios: number[]): number {
  const { components, explainedVariance } = options;
  if (components !== undefined && explainedVariance !== undefined) {
    throw new I2xError('E_ANALYSIS', 'Pca.fit: give either components or explainedVariance, not both');
  }
  if (components !== undefined) {
    if (!Number.isInteger(components) || components < 1 || components > cols) {
      throw new I2xError('E_ANALYSIS', `Pca.fit: components = ${components}; expected an integer in 1..${cols}`);
    }
    return components;
  }
  if (explainedVariance !== undefined) {
    if (!(explainedVariance > 0 && explainedVariance <= 1)) {
      throw new I2xError('E_ANALYSIS', `Pca.fit: explainedVariance = ${explainedVariance}; expected a fraction in (0, 1]`);
    }
    let cumulative = 0;
    for (let k = 0; k < cols; k++) {
      cumulative += ratios[k];
      if (cumulative >= explainedVariance - 1e-12) return k + 1;
    }
  }
  return cols;
}
