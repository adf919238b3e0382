import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';
import type { Dataset } from './Dataset.js';
import { takeSamples } from './takeSamples.js';

/**
 * A smaller Dataset for fast runs: the `first` n samples, or `perClass` samples of every class drawn with
 * `seed` (same seed, same subset). Stratified subsets keep the original order of the samples.
 */
export function subsetDataset(
  source: Dataset,
  options: { readonly first: number } | { readonly perClass: number; readonly seed: number },
): Dataset {
  const where = `${source.name}/${source.split}`;
  if ('first' in options) {
    const n = options.first;
    if (!Number.isInteger(n) || n < 0 || n > source.count) {
      throw new I2xError('E_CONFIG', `subset first: ${n} is not accepted for ${where}; expected an integer in 0..${source.count}`);
    }
    return takeSamples(source, Int32Array.from({ length: n }, (_, i) => i));
  }

  const { perClass, seed } = options;
  const classCount = source.classNames.length;
  if (!Number.isInteger(perClass) || perClass < 0) {
    throw new I2xError('E_CONFIG', `subset perClass: ${perClass} is not accepted; expected a non-negative integer`);
  }
  const available = new Int32Array(classCount);
  for (let i = 0; i < source.count; i++) available[source.labels[i]]++;
  available.forEach((have, c) => {
    if (have < perClass) {
      throw new I2xError(
        'E_CONFIG',
        `subset perClass: ${perClass} is more than the ${have} samples of class ${c} ('${source.classNames[c]}') in ${where}`,
      );
    }
  });

  // Walk one seeded permutation and keep the first perClass samples seen of each class.
  const taken = new Int32Array(classCount);
  const chosen: number[] = [];
  for (const i of new SeededRandom(seed).permutation(source.count)) {
    const label = source.labels[i];
    if (taken[label] < perClass) {
      taken[label]++;
      chosen.push(i);
    }
  }
  return takeSamples(source, Int32Array.from(chosen).sort());
}
