import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';
import { averageRanks } from './averageRanks.js';
import { pairedDifference, type PairedDifference, type SeededValue } from './pairedDifference.js';

/** How the bootstrap interval is drawn: `samples` resamples of the n differences, from SeededRandom(`seed`). */
export interface BootstrapOptions {
  readonly samples: number;
  /** never 0 (a tfjs-style rule kept everywhere); the same seed gives the same interval */
  readonly seed: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { samples: 10_000, seed: 15 };

/** A paired difference (value - reference per shared seed) with every statistic the fine-tuning comparison reports. */
export interface PairedStatistics extends PairedDifference {
  /** percentile bootstrap interval of the mean difference at the same level; null for fewer than two pairs */
  readonly bootstrap: { readonly low: number; readonly high: number } | null;
  /** exact two-sided sign-test p-value (zero differences dropped); null when every difference is 0 or there are none */
  readonly signP: number | null;
  /** exact two-sided Wilcoxon signed-rank p-value (zeros dropped, tied |d| at mid-ranks); null as signP */
  readonly wilcoxonP: number | null;
}

/**
 * pairedDifference (mean, std, t interval) plus a percentile bootstrap interval, an exact sign test and an
 * exact Wilcoxon signed-rank test of the same per-seed differences (docs/method.md, "Paired statistics").
 */
export function pairedStatistics(
  values: readonly SeededValue[],
  reference: readonly SeededValue[],
  options: { readonly level?: number; readonly bootstrap?: BootstrapOptions } = {},
): PairedStatistics {
  const level = options.level ?? 0.95;
  const difference = pairedDifference(values, reference, level);
  const { differences } = difference;
  return {
    ...difference,
    bootstrap: differences.length < 2 ? null : bootstrapMeanInterval(differences, level, options.bootstrap ?? DEFAULT_BOOTSTRAP),
    signP: signTestP(differences),
    wilcoxonP: wilcoxonSignedRankP(differences),
  };
}

/**
 * Percentile bootstrap interval of the mean: `samples` times, n values drawn with replacement from `values`
 * and averaged; the interval is the (1 - level) / 2 and (1 + level) / 2 quantiles of those means (linear
 * interpolation between order statistics, R's type 7).
 */
export function bootstrapMeanInterval(values: readonly number[], level: number, { samples, seed }: BootstrapOptions): { low: number; high: number } {
  if (values.length === 0) throw new I2xError('E_ANALYSIS', 'bootstrapMeanInterval: no values; expected at least one');
  if (!(level > 0 && level < 1)) throw new I2xError('E_ANALYSIS', `bootstrapMeanInterval: level = ${level} is not accepted; expected a confidence level in (0, 1)`);
  if (!Number.isInteger(samples) || samples < 2) throw new I2xError('E_ANALYSIS', `bootstrapMeanInterval: samples = ${samples} is not accepted; expected an integer >= 2`);
  if (!Number.isInteger(seed) || seed === 0) throw new I2xError('E_ANALYSIS', `bootstrapMeanInterval: seed = ${seed} is not accepted; expected a nonzero integer`);
  const random = new SeededRandom(seed);
  const n = values.length;
  const means = new Float64Array(samples);
  for (let b = 0; b < samples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[random.int(n)];
    means[b] = sum / n;
  }
  means.sort();
  return { low: quantileSorted(means, (1 - level) / 2), high: quantileSorted(means, (1 + level) / 2) };
}

/** Type-7 quantile of ascending values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

/**
 * Exact two-sided sign test of "median difference 0": zeros dropped, k positives among the m nonzero
 * differences, p = min(1, 2 min(P(X <= k), P(X >= k))) with X ~ Binomial(m, 1/2). Null when m = 0.
 */
export function signTestP(differences: readonly number[]): number | null {
  const nonzero = differences.filter((d) => d !== 0);
  const m = nonzero.length;
  if (m === 0) return null;
  const k = nonzero.filter((d) => d > 0).length;
  let lower = 0;
  let upper = 0;
  for (let i = 0; i <= m; i++) {
    const probability = Math.exp(logChoose(m, i) - m * Math.LN2);
    if (i <= k) lower += probability;
    if (i >= k) upper += probability;
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}

/**
 * Exact two-sided Wilcoxon signed-rank test: zeros dropped (Wilcoxon's convention), the m nonzero |d| ranked
 * with ties at their mid-rank, W+ the rank sum of the positive differences. Under the null every sign pattern
 * of those ranks is equally likely, so the exact distribution of W+ (conditional on the ties) is counted over
 * all 2^m patterns, here by dynamic programming over doubled ranks (integers even with mid-ranks);
 * p = P(|W+ - E| >= |w - E|), E = (sum of ranks) / 2. Null when m = 0.
 */
export function wilcoxonSignedRankP(differences: readonly number[]): number | null {
  const nonzero = differences.filter((d) => d !== 0);
  const m = nonzero.length;
  if (m === 0) return null;
  // mid-ranks are whole or half numbers: doubled, they index the counts below
  const doubledRanks = Array.from(averageRanks(nonzero.map(Math.abs)), (rank) => 2 * rank);
  const total = doubledRanks.reduce((sum, r) => sum + r, 0);
  const observed = nonzero.reduce((sum, d, j) => sum + (d > 0 ? doubledRanks[j] : 0), 0);
  // counts[s] = number of sign patterns whose positive doubled ranks sum to s
  let counts = new Float64Array(total + 1);
  counts[0] = 1;
  for (const rank of doubledRanks) {
    const next = counts.slice();
    for (let s = 0; s + rank <= total; s++) next[s + rank] += counts[s];
    counts = next;
  }
  const distance = Math.abs(2 * observed - total);
  let extreme = 0;
  for (let s = 0; s <= total; s++) if (Math.abs(2 * s - total) >= distance) extreme += counts[s];
  return Math.min(1, extreme / 2 ** m);
}

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}
