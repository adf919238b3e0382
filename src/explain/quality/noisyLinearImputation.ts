import type { SeededRandom } from '../../util/SeededRandom.js';

// ROAD's neighbourhood (Rong et al. 2022): direct neighbours weigh 1/6, diagonal ones 1/12.
const NEIGHBOURS: Array<[number, number, number]> = [
  [-1, 0, 1 / 6], [1, 0, 1 / 6], [0, -1, 1 / 6], [0, 1, 1 / 6],
  [-1, -1, 1 / 12], [-1, 1, 1 / 12], [1, -1, 1 / 12], [1, 1, 1 / 12],
];

/**
 * ROAD's noisy linear imputation of one [H, W, C] image (HWC): each removed pixel becomes the weighted mean
 * of its in-image neighbours, removed ones included as unknowns, i.e. the sparse symmetric system
 * (sum_j w_ij) x_i - sum_{j removed} w_ij x_j = sum_{j kept} w_ij v_j, solved per channel by Jacobi-
 * preconditioned conjugate gradients (positive definite when at least one pixel is kept); then Gaussian
 * noise of std `noiseStd` is added to the imputed values. Returns a new image.
 */
export function noisyLinearImputation(
  image: Float32Array,
  shape: { height: number; width: number; channels: number },
  removed: Uint8Array,
  noise: { std: number; random?: SeededRandom },
): Float32Array {
  const { height, width, channels } = shape;
  const unknown: number[] = [];
  const indexOf = new Int32Array(height * width).fill(-1);
  for (let p = 0; p < height * width; p++) if (removed[p]) indexOf[p] = unknown.push(p) - 1;
  const out = image.slice();
  const m = unknown.length;
  if (m === 0) return out;
  if (m === height * width) throw new RangeError('noisyLinearImputation: every pixel is removed; at least one must be kept.');
  const diag = new Float64Array(m);
  const offCols: number[][] = unknown.map(() => []);
  const offWeights: number[][] = unknown.map(() => []);
  const knownTerms: Array<Array<[number, number]>> = unknown.map(() => []);
  unknown.forEach((p, i) => {
    const y = Math.floor(p / width), x = p % width;
    for (const [dy, dx, wgt] of NEIGHBOURS) {
      const yy = y + dy, xx = x + dx;
      if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
      const q = yy * width + xx;
      diag[i] += wgt;
      if (indexOf[q] >= 0) { offCols[i].push(indexOf[q]); offWeights[i].push(wgt); } else knownTerms[i].push([q, wgt]);
    }
  });
  const multiply = (v: Float64Array, into: Float64Array) => {
    for (let i = 0; i < m; i++) {
      let s = diag[i] * v[i];
      for (let k = 0; k < offCols[i].length; k++) s -= offWeights[i][k] * v[offCols[i][k]];
      into[i] = s;
    }
  };
  for (let c = 0; c < channels; c++) {
    const b = Float64Array.from(knownTerms, (terms) => terms.reduce((s, [q, wgt]) => s + wgt * image[q * channels + c], 0));
    const x = new Float64Array(m);
    const r = b.slice();
    const z = r.map((v, i) => v / diag[i]);
    const d = z.slice();
    const ad = new Float64Array(m);
    let rz = r.reduce((s, v, i) => s + v * z[i], 0);
    const tolerance = 1e-20 * Math.max(1, b.reduce((s, v) => s + v * v, 0));
    for (let iteration = 0; iteration < 10 * m && rz > tolerance; iteration++) {
      multiply(d, ad);
      const alpha = rz / d.reduce((s, v, i) => s + v * ad[i], 0);
      for (let i = 0; i < m; i++) { x[i] += alpha * d[i]; r[i] -= alpha * ad[i]; z[i] = r[i] / diag[i]; }
      const next = r.reduce((s, v, i) => s + v * z[i], 0);
      for (let i = 0; i < m; i++) d[i] = z[i] + (next / rz) * d[i];
      rz = next;
    }
    unknown.forEach((p, i) => { out[p * channels + c] = x[i] + (noise.std > 0 && noise.random ? noise.std * noise.random.normal() : 0); });
  }
  return out;
}
