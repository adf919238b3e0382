import { I2xError } from '../util/I2xError.js';
import { meanAndStd } from './meanAndStd.js';
import { studentTQuantile } from './studentTQuantile.js';

/** One value of one repeat, e.g. a fine-tuning strategy's test accuracy with seed `seed`. */
export interface SeededValue {
  readonly seed: number;
  readonly value: number;
}

/** The mean of `values - reference` over the seeds both have, with its t-based confidence interval. */
export interface PairedDifference {
  /** the seeds both have, ascending: the pairs */
  readonly seeds: readonly number[];
  /** value - reference per shared seed, in the order of `seeds` */
  readonly differences: readonly number[];
  /** mean over pairs of value - reference value (NaN without pairs) */
  readonly mean: number;
  /** sample standard deviation of the differences (n - 1); null for fewer than two pairs */
  readonly std: number | null;
  /** mean -+ t_{(1 + level) / 2, n - 1} * std / sqrt(n); null for fewer than two pairs (it cannot be computed) */
  readonly interval: { readonly low: number; readonly high: number } | null;
}

/**
 * The paired difference of `values` against `reference`, paired by seed: with fine-tuning, the same seed gives
 * the same data order to every strategy (src/finetune/runStrategy.ts), so seed-to-seed noise shared by both
 * cancels in the difference. The interval is the usual one-sample t interval of the n differences at
 * confidence `level` (default 0.95), n - 1 degrees of freedom. A difference is detectable when it excludes 0.
 */
export function pairedDifference(values: readonly SeededValue[], reference: readonly SeededValue[], level = 0.95): PairedDifference {
  if (!(level > 0 && level < 1)) throw new I2xError('E_ANALYSIS', `pairedDifference: level = ${level} is not accepted; expected a confidence level in (0, 1), e.g. 0.95`);
  const bySeed = (list: readonly SeededValue[], name: string) => {
    const map = new Map<number, number>();
    for (const { seed, value } of list) {
      if (map.has(seed)) throw new I2xError('E_ANALYSIS', `pairedDifference: seed ${seed} appears twice in ${name}; expected one value per seed`);
      map.set(seed, value);
    }
    return map;
  };
  const mine = bySeed(values, 'values');
  const theirs = bySeed(reference, 'reference');
  const seeds = [...mine.keys()].filter((seed) => theirs.has(seed)).sort((a, b) => a - b);
  const differences = seeds.map((seed) => mine.get(seed)! - theirs.get(seed)!);
  const { mean, std } = meanAndStd(differences);
  if (std === null) return { seeds, differences, mean, std: null, interval: null };
  const n = differences.length;
  const halfWidth = (studentTQuantile((1 + level) / 2, n - 1) * std) / Math.sqrt(n);
  return { seeds, differences, mean, std, interval: { low: mean - halfWidth, high: mean + halfWidth } };
}

/** What a paired comparison's t interval allows one to say (`intervalVerdict`). */
export type PairedVerdict = 'higher' | 'lower' | 'no detectable difference' | 'every difference equal';

/**
 * What the interval says: 'higher' or 'lower' only when it excludes 0, else 'no detectable difference'; null
 * without an interval (fewer than two pairs); 'every difference equal' when the interval has no width around a
 * nonzero mean (`intervalVerdict`).
 */
export function pairedVerdict(d: PairedDifference): PairedVerdict | null {
  return intervalVerdict(d.interval);
}

/**
 * pairedVerdict of an interval alone (e.g. one read back from the store): null for none. When every pair has the
 * same nonzero difference (to rounding: a half-width below 1e-9 of the centre), s_d = 0 and the t interval is that
 * one value. It cannot call the difference: its zero width comes from there being no spread to estimate, not from
 * certainty (R's t.test refuses such data as "essentially constant"; two seeds that each differ by the same one
 * test image have sign p 0.5). The verdict is then 'every difference equal', and the sign test's p says how much n
 * equal signs are worth. Every difference 0 stays 'no detectable difference'. Why 1e-9: differences of accuracies
 * near 1 carry rounding of about 1e-16, which is 1e-12 of a difference of 1e-4 (one test image in 2,000 on one of five
 * seeds) and grows with the t quantile, while a real spread of accuracies over a test set of N images is at least
 * about 1 / N of the values, far above 1e-9 of the difference.
 */
export function intervalVerdict(interval: { readonly low: number; readonly high: number } | null): PairedVerdict | null {
  if (interval === null) return null;
  const centre = (interval.low + interval.high) / 2;
  if (centre !== 0 && (interval.high - interval.low) / 2 <= 1e-9 * Math.abs(centre)) return 'every difference equal';
  if (interval.low > 0) return 'higher';
  if (interval.high < 0) return 'lower';
  return 'no detectable difference';
}
