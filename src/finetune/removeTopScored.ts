import { I2xError } from '../util/I2xError.js';

export interface RemoveTopScoredInput {
  /** [N] one score per training sample, higher = more suspect; NaN counts as the least suspect */
  readonly scores: Float64Array | Float32Array;
  /** [N] class of every sample */
  readonly labels: Int32Array;
  /** [C] how many samples of each class to remove (0 leaves the class whole) */
  readonly budget: readonly number[];
  /** the score's name, for errors */
  readonly method: string;
}

/**
 * Curation by a score: a removal mask [N] with exactly `budget[c]` samples of each class c, the highest-scored
 * ones of that class; equal scores go by sample index, ascending (the lower index is removed first), so the
 * mask is deterministic. A class whose budget is 0 is never touched.
 */
export function removeTopScored({ scores, labels, budget, method }: RemoveTopScoredInput): Uint8Array {
  const N = labels.length;
  if (scores.length !== N) {
    throw new I2xError('E_FINETUNE', `the '${method}' scores hold ${scores.length} values, but the training set has ${N} samples; re-run the analysis (i2x run) with this config.`);
  }
  const byClass = budget.map(() => [] as number[]);
  for (let n = 0; n < N; n++) {
    const c = labels[n];
    if (c < 0 || c >= budget.length) throw new I2xError('E_FINETUNE', `sample ${n} has label ${c}; the curation budget covers classes 0..${budget.length - 1}.`);
    byClass[c].push(n);
  }
  const key = (n: number) => (Number.isNaN(scores[n]) ? -Infinity : scores[n]);
  const removed = new Uint8Array(N);
  budget.forEach((count, c) => {
    if (!Number.isInteger(count) || count < 0 || count > byClass[c].length) {
      throw new I2xError('E_FINETUNE', `curation by '${method}': cannot remove ${count} samples of class ${c}, which has ${byClass[c].length}.`);
    }
    if (count === 0) return;
    const ranked = byClass[c].sort((a, b) => key(b) - key(a) || a - b);
    for (const n of ranked.slice(0, count)) removed[n] = 1;
  });
  return removed;
}
