import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';

/**
 * The random control for a curation: a removal mask [N] with exactly `removedPerClass[c]` samples of each class
 * c, drawn uniformly at random among that class's samples (stratified by class, so the control differs from
 * the curation only in which samples go, not in how many of each class). Same seed, same mask. The draw is
 * over all samples of the class, the curated-away ones included.
 */
export function randomControl(labels: Int32Array, removedPerClass: readonly number[], seed: number): Uint8Array {
  const available = new Array<number>(removedPerClass.length).fill(0);
  for (const label of labels) available[label]++;
  removedPerClass.forEach((count, c) => {
    if (!Number.isInteger(count) || count < 0 || count > available[c]) {
      throw new I2xError('E_FINETUNE', `random control: cannot remove ${count} samples of class ${c}, which has ${available[c]}.`);
    }
  });
  // Walk one seeded permutation and take the first removedPerClass[c] samples seen of each class c.
  const taken = new Array<number>(removedPerClass.length).fill(0);
  const removed = new Uint8Array(labels.length);
  for (const n of new SeededRandom(seed).permutation(labels.length)) {
    const c = labels[n];
    if (taken[c] < removedPerClass[c]) {
      taken[c]++;
      removed[n] = 1;
    }
  }
  return removed;
}
