import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';
import type { Dataset } from './Dataset.js';
import { takeSamples } from './takeSamples.js';

/** Which samples a subset keeps: the `first` n, or `perClass` of every class drawn with `seed`. */
export type SubsetOptions = { readonly first: number } | { readonly perClass: number; readonly seed: number };

/**
 * A smaller Dataset for fast runs: the `first` n samples, or `perClass` samples of every class drawn with
 * `seed` (same seed, same subset). Stratified subsets keep the original order of the samples.
 */
export function subsetDataset(source: Dataset, options: SubsetOptions): Dataset {
  return takeSamples(source, subsetIndices(source.labels, source.classNames, `${source.name}/${source.split}`, options));
}

/**
 * The indices (ascending) of the samples `subsetDataset` keeps, from the labels alone, so a loader can pick
 * them before it converts any pixel. `where` names the split in messages (e.g. 'mnist/train').
 */
export function subsetIndices(labels: Int32Array, classNames: readonly string[], where: string, options: SubsetOptions): Int32Array {
  const count = labels.length;
  if ('first' in options) {
    const n = options.first;
    if (!Number.isInteger(n) || n < 0 || n > count) {
      throw new I2xError('E_CONFIG', `subset first: ${n} is not accepted for ${where}; expected an integer in 0..${count}`);
    }
    return Int32Array.from({ length: n }, (_, i) => i);
  }

  const { perClass, seed } = options;
  const classCount = classNames.length;
  if (!Number.isInteger(perClass) || perClass < 0) {
    throw new I2xError('E_CONFIG', `subset perClass: ${perClass} is not accepted; expected a non-negative integer`);
  }
  const available = new Int32Array(classCount);
  for (let i = 0; i < count; i++) available[labels[i]]++;
  available.forEach((have, c) => {
    if (have < perClass) {
      throw new I2xError(
        'E_CONFIG',
        `subset perClass: ${perClass} is more than the ${have} samples of class ${c} ('${classNames[c]}') in ${where}`,
      );
    }
  });

  // Walk one seeded permutation and keep the first perClass samples seen of each class.
  const taken = new Int32Array(classCount);
  const chosen: number[] = [];
  for (const i of new SeededRandom(seed).permutation(count)) {
    const label = labels[i];
    if (taken[label] < perClass) {
      taken[label]++;
      chosen.push(i);
    }
  }
  return Int32Array.from(chosen).sort();
}
