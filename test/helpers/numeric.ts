import type { SeededRandom } from '../../src/util/SeededRandom.js';

/** n standard-normal values (times `scale`) from a seeded generator. */
export function randomArray(n: number, rng: SeededRandom, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

/** max |actual - expected| over max |expected|: one figure for a whole tensor or map. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let maxAbs = 0;
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
  }
  return maxDiff / Math.max(maxAbs, 1e-12);
}
