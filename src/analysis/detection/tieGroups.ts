import { I2xError } from '../../util/I2xError.js';

/** Samples grouped by equal score, in descending score order: the thresholds of every detection metric. */
export interface TieGroups {
  /** number of distinct scores */
  count: number;
  /** [count] samples with each distinct score, highest score first */
  sizes: Int32Array;
  /** [count] planted samples among them */
  positives: Int32Array;
  /** planted samples in all */
  totalPositives: number;
  /** clean samples in all */
  totalNegatives: number;
}

/**
 * Sorts `scores` `[N]` (higher = more suspect) descending and counts, per distinct score, the samples and the
 * planted ones (`planted` `[N]`: true or non-zero = planted). Refuses a length mismatch, a NaN score, and a
 * mask with no planted or no clean sample (no metric separates one group from nothing).
 */
export function tieGroups(scores: ArrayLike<number>, planted: ArrayLike<boolean | number>): TieGroups {
  const n = scores.length;
  if (planted.length !== n) {
    throw new I2xError('E_ANALYSIS', `detection metrics: ${n} scores but ${planted.length} planted-mask entries; expected one mask entry per score`);
  }
  let totalPositives = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new I2xError('E_ANALYSIS', `detection metrics: the score of sample ${i} is NaN; expected a number (±Infinity allowed)`);
    if (planted[i]) totalPositives++;
  }
  const totalNegatives = n - totalPositives;
  if (totalPositives === 0 || totalNegatives === 0) {
    throw new I2xError(
      'E_ANALYSIS',
      `detection metrics: ${totalPositives} planted and ${totalNegatives} clean samples; expected at least one of each (is the plant empty, or does it cover every sample?)`,
    );
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0));
  const sizes = new Int32Array(n);
  const positives = new Int32Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (r === 0 || scores[i] !== scores[order[r - 1]]) count++;
    sizes[count - 1]++;
    if (planted[i]) positives[count - 1]++;
  }
  return { count, sizes: sizes.slice(0, count), positives: positives.slice(0, count), totalPositives, totalNegatives };
}
