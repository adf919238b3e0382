import { I2xError } from '../util/I2xError.js';
import type { CurationInput } from './Curation.js';

/**
 * Refuses curation input that does not fit together (E_FINETUNE): maps or intensities of another shape than
 * the labels, a label or pair naming a class that does not exist, a minArea below 1.
 */
export function checkCurationInput(input: CurationInput): void {
  const { assignments, positions, labels, classNames, prototypes: K, finalIntensities, options } = input;
  const N = labels.length;
  checkPairs(input.pairs, classNames.length, 'finetune.pairs');
  checkPairs(input.uncertain.map((u) => u.pair), classNames.length, 'analysis.uncertain.pairs (uncertain.json)');
  if (assignments.length !== N * positions) {
    throw new I2xError('E_FINETUNE', `assignments hold ${assignments.length} values; expected [N, positions] = [${N}, ${positions}] (one map per training sample). Re-run the analysis for this data.`);
  }
  const badLabel = labels.find((label) => label < 0 || label >= classNames.length);
  if (badLabel !== undefined) throw new I2xError('E_FINETUNE', `a training label is ${badLabel}; expected classes 0..${classNames.length - 1}.`);
  if (!Number.isInteger(options.minArea) || options.minArea < 1) {
    throw new I2xError('E_FINETUNE', `finetune.curation.minArea ${options.minArea} is not accepted; expected an integer >= 1.`);
  }
  if (options.intensityThreshold !== null && finalIntensities?.length !== N * K) {
    throw new I2xError('E_FINETUNE', `finetune.curation.intensityThreshold is set, so intensities [N, K] = [${N}, ${K}] are needed; got ${finalIntensities ? finalIntensities.length : 'none'}.`);
  }
}

function checkPairs(pairs: readonly (readonly [number, number])[], C: number, key: string): void {
  for (const [a, b] of pairs) {
    if (![a, b].every((c) => Number.isInteger(c) && c >= 0 && c < C) || a === b) {
      throw new I2xError('E_FINETUNE', `${key} has the pair [${a}, ${b}], but the dataset has classes 0..${C - 1}; use two different classes in that range.`);
    }
  }
}
