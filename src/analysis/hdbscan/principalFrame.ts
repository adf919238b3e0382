import { Pca } from '../Pca.js';

/**
 * A sample rotated onto its principal axes and sorted by the first one. The rotation is orthogonal, so
 * Euclidean distances are unchanged (up to rounding), but the leading coordinates now carry most of the
 * spread: a partial sum of squared differences passes a bound after few coordinates, and the first
 * coordinate alone bounds a distance from below (|a₀ - b₀| <= ‖a - b‖), which lets neighbour searches
 * scan outwards from a sorted position and stop early.
 */
export interface PrincipalFrame {
  /** [rows] the input row at each sorted position */
  order: Int32Array;
  /** [rows, cols] rotated rows, ascending in their first coordinate */
  sorted: Float64Array;
  /** rotates `[rows, cols]` other rows into the same frame (a new float64 `[rows, cols]`) */
  rotate: (data: Float32Array | Float64Array, rows: number) => Float64Array;
}

export function principalFrame(data: Float64Array, rows: number, cols: number): PrincipalFrame {
  const pca = rows >= 2 ? Pca.fit(data, rows, cols) : undefined;
  const rotate = (points: Float32Array | Float64Array, count: number): Float64Array =>
    pca ? pca.transform(points, count, new Float64Array(count * cols)) : Float64Array.from(points);
  const rotated = rotate(data, rows);
  const order = Int32Array.from({ length: rows }, (_, r) => r).sort(
    (a, b) => rotated[a * cols] - rotated[b * cols] || a - b,
  );
  const sorted = new Float64Array(rows * cols);
  order.forEach((r, p) => sorted.set(rotated.subarray(r * cols, (r + 1) * cols), p * cols));
  return { order, sorted, rotate };
}
