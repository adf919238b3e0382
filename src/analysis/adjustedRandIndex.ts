import { I2xError } from '../util/I2xError.js';

/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same items: 1 for identical
 * partitions (up to renaming), about 0 for independent ones, negative when worse than chance. Every
 * label value is a group of its own, noise (-1) included, as in sklearn's `adjusted_rand_score`; when both
 * labelings are trivial (one group each, or all singletons) the index is 1, also as sklearn.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new I2xError('E_ANALYSIS', `adjustedRandIndex: labelings have ${a.length} and ${b.length} items; expected equal lengths`);
  }
  const n = a.length;
  const pairs = (m: number): number => (m * (m - 1)) / 2;
  const joint = new Map<string, number>();
  const rowsA = new Map<number, number>();
  const rowsB = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    rowsA.set(a[i], (rowsA.get(a[i]) ?? 0) + 1);
    rowsB.set(b[i], (rowsB.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const m of joint.values()) index += pairs(m);
  let sumA = 0;
  for (const m of rowsA.values()) sumA += pairs(m);
  let sumB = 0;
  for (const m of rowsB.values()) sumB += pairs(m);
  const expected = n > 1 ? (sumA * sumB) / pairs(n) : 0;
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
