import { SeededRandom } from '../../util/SeededRandom.js';
import { derivedSeed } from '../../util/derivedSeed.js';

/**
 * [N, H, W] maps of independent uniform values, drawn with derivedSeed(seed, 'quality/random-map', 0): the
 * floor of the removal metrics (a method should order pixels better than this).
 */
export function randomMaps(n: number, height: number, width: number, seed: number): Float32Array {
  const random = new SeededRandom(derivedSeed(seed, 'quality/random-map', 0));
  return Float32Array.from({ length: n * height * width }, () => random.next());
}
