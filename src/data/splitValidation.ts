import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';
import type { Dataset } from './Dataset.js';
import { takeSamples } from './takeSamples.js';

/**
 * Holds out a validation set from a training split: a `fraction` of it or exactly `count` samples,
 * stratified (each class gives its share, rounded by largest remainder so the total is exact) and drawn
 * with `seed`, so the same call always gives the same split. Both parts keep the original sample order.
 */
export function splitValidation(
  source: Dataset,
  options: { readonly seed: number } & ({ readonly fraction: number } | { readonly count: number }),
): { train: Dataset; val: Dataset } {
  if (source.split !== 'train') {
    throw new I2xError('E_CONFIG', `a validation split is taken from a 'train' split; ${source.name} is '${source.split}'`);
  }
  const total = source.count;
  const valCount = 'fraction' in options ? Math.round(options.fraction * total) : options.count;
  const asked = 'fraction' in options ? `fraction ${options.fraction}` : `count ${options.count}`;
  const fractionOk = !('fraction' in options) || (options.fraction > 0 && options.fraction < 1);
  if (!fractionOk || !Number.isInteger(valCount) || valCount < 1 || valCount >= total) {
    throw new I2xError(
      'E_CONFIG',
      `validation ${asked} is not accepted for ${source.name} (${total} samples); expected a fraction in (0, 1) or an integer count in 1..${total - 1}, leaving both parts non-empty`,
    );
  }

  // Indices of each class, in a seeded random order.
  const classCount = source.classNames.length;
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (const i of new SeededRandom(options.seed).permutation(total)) byClass[source.labels[i]].push(i);

  // Largest-remainder apportionment in integers: class c's exact share is valCount * size_c / total.
  const quota = byClass.map((members) => Math.floor((valCount * members.length) / total));
  const order = byClass
    .map((members, c) => ({ c, remainder: (valCount * members.length) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.c - b.c);
  let missing = valCount - quota.reduce((a, b) => a + b, 0);
  for (const { c } of order) {
    if (missing === 0) break;
    quota[c]++;
    missing--;
  }

  const isVal = new Uint8Array(total);
  byClass.forEach((members, c) => {
    for (let k = 0; k < quota[c]; k++) isVal[members[k]] = 1;
  });
  const valIdx = new Int32Array(valCount);
  const trainIdx = new Int32Array(total - valCount);
  for (let i = 0, v = 0, t = 0; i < total; i++) {
    if (isVal[i]) valIdx[v++] = i;
    else trainIdx[t++] = i;
  }
  return { train: takeSamples(source, trainIdx, 'train'), val: takeSamples(source, valIdx, 'val') };
}
