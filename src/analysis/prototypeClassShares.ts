import { I2xError } from '../util/I2xError.js';
import { assertMatrixShape } from './assertMatrixShape.js';

/** Which classes one prototype is present in: what "its most common class" means, ties included. */
export interface PrototypeClassShares {
  /** [C] samples of class c in which the prototype is present (area > 0) */
  readonly samples: Int32Array;
  /** [C] samples[c] over the number of class-c samples; null for a class with no samples */
  readonly shares: readonly (number | null)[];
  /** every class with the largest `samples` count, ascending: one class, several on a tie, none when absent */
  readonly mostCommon: readonly number[];
}

export interface PrototypeClassSharesInput {
  /** [N, K] row-major: positions of sample n assigned to prototype k */
  readonly areas: ArrayLike<number>;
  /** [N] class of each sample, in 0..C-1 */
  readonly labels: ArrayLike<number>;
  /** prototypes */
  readonly K: number;
  /** classes */
  readonly C: number;
}

/**
 * Per prototype, how many samples of each class it is present in, the share of each class's samples that is,
 * and the classes tied at the largest count. The count, not the share, picks the most common class (as "most
 * common class among the samples with it" reads); on a tie every tied class is listed, never only the lowest.
 */
export function prototypeClassShares({ areas, labels, K, C }: PrototypeClassSharesInput): PrototypeClassShares[] {
  const N = labels.length;
  assertMatrixShape('areas', areas, N, K, true);
  if (!Number.isInteger(C) || C < 1) throw new I2xError('E_ANALYSIS', `C = ${C} is not accepted; expected the number of classes, an integer >= 1`);
  const classSizes = new Int32Array(C);
  for (let n = 0; n < N; n++) {
    const label = labels[n];
    if (!Number.isInteger(label) || label < 0 || label >= C) {
      throw new I2xError('E_ANALYSIS', `labels[${n}] = ${label} is not a class; expected an integer in 0..${C - 1}`);
    }
    classSizes[label]++;
  }
  return Array.from({ length: K }, (_, k) => {
    const samples = new Int32Array(C);
    for (let n = 0; n < N; n++) if (areas[n * K + k] > 0) samples[labels[n]]++;
    const most = Math.max(...samples);
    return {
      samples,
      shares: Array.from(classSizes, (size, c) => (size > 0 ? samples[c] / size : null)),
      mostCommon: most > 0 ? [...samples.keys()].filter((c) => samples[c] === most) : [],
    };
  });
}
