import { SeededRandom } from '../../src/util/SeededRandom.js';

/** A `[rows, cols]` matrix of standard normals. */
export function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: rows * cols }, () => random.normal());
}
