import { I2xError } from '../../util/I2xError.js';
import { SeededRandom } from '../../util/SeededRandom.js';
import { derivedSeed } from '../../util/derivedSeed.js';

/**
 * `random`: an independent uniform [0, 1) score per sample, the chance baseline. Its stream is
 * derivedSeed(seed, 'sample-scores/random', 0), so a seed always gives the same scores. Returns `[samples]`.
 */
export function randomScore(samples: number, seed: number): Float64Array {
  if (!Number.isInteger(samples) || samples < 0) {
    throw new I2xError('E_ANALYSIS', `randomScore: samples = ${samples}; expected an integer >= 0`);
  }
  const random = new SeededRandom(derivedSeed(seed, 'sample-scores/random', 0));
  const score = new Float64Array(samples);
  for (let i = 0; i < samples; i++) score[i] = random.next();
  return score;
}
