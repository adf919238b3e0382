/**
 * Uncertain prototypes.
 *
 * Given one ridge coefficient matrix beta_t `[K, C]` per transition t = 0..T-1 (prototype-intensity
 * change -> confidence change of each class), a prototype k is *uncertain* for the class pair (a, b) when
 * the sign of its preference between the two classes,
 *
 *     d_t = beta_t[k, a] - beta_t[k, b],
 *
 * flips at least `minSignChanges` times across transitions. Only transitions with |d_t| >= threshold
 * (and d_t ≠ 0) take part: sign changes are counted between consecutive such transitions, so small
 * wobbles around zero do not count.
 *
 * `scale` says what the threshold is measured against:
 * - 'per-transition' (default): |d_t| relative to the largest |d_t| of any prototype for the same pair at the
 *   same transition, so threshold 0.25 means "at least a quarter of the strongest preference then". The
 *   coefficients' size follows the size of the confidence changes, which shrinks by 10x or more after the
 *   first transitions (full MNIST: max |d_t| 2.35 at t = 0, 0.08-0.28 later), so one absolute threshold
 *   either ignores every later transition or counts noise at the first.
 * - 'absolute': |d_t| itself.
 *
 * The evidence reported for each uncertain (k, a, b) is the full d_t series, the same series divided by
 * each transition's scale (what the threshold is compared with), the transitions that took part, the
 * transitions at which the sign flipped (relative to the previous participating transition), and max_t |d_t|.
 */
import { I2xError } from '../util/I2xError.js';
import { assertBetaShape } from './assertBetaShape.js';
import { classPairs } from './classPairs.js';

export interface UncertainPrototypeOptions {
  /** class pairs to test; default every (a, b) with a < b */
  pairs?: readonly (readonly [number, number])[];
  /** transitions with |d_t| below this are ignored (>= 0) */
  threshold: number;
  /** sign flips needed (integer >= 1) */
  minSignChanges: number;
  /** what `threshold` is relative to (default 'per-transition', see above) */
  scale?: UncertaintyScale;
}

export type UncertaintyScale = 'per-transition' | 'absolute';

export interface UncertainPrototype {
  prototype: number;
  pair: [number, number];
  /** [T] d_t for every transition */
  differences: number[];
  /** [T] d_t over its transition's scale: what the threshold is compared with (equal to `differences` for 'absolute') */
  scaled: number[];
  /** transitions with |d_t| >= threshold, in order */
  consideredTransitions: number[];
  /** transitions whose sign differs from the previous considered one */
  signFlips: number[];
  signChanges: number;
  /** max over all transitions of |d_t| */
  maxMagnitude: number;
}

/** Every uncertain (prototype, pair), ordered by pair (as given) then prototype. */
export function uncertainPrototypes(
  betas: readonly Float64Array[],
  K: number,
  C: number,
  options: UncertainPrototypeOptions,
): UncertainPrototype[] {
  const { threshold, minSignChanges } = options;
  betas.forEach((beta, t) => assertBetaShape(beta, K, C, `uncertainPrototypes: betas[${t}]`));
  if (!(threshold >= 0)) throw new I2xError('E_ANALYSIS', `uncertainPrototypes: threshold = ${threshold}; expected >= 0`);
  if (!Number.isInteger(minSignChanges) || minSignChanges < 1) {
    throw new I2xError('E_ANALYSIS', `uncertainPrototypes: minSignChanges = ${minSignChanges}; expected an integer >= 1`);
  }
  const scale = options.scale ?? 'per-transition';
  if (scale !== 'per-transition' && scale !== 'absolute') {
    throw new I2xError('E_ANALYSIS', `uncertainPrototypes: scale = '${String(scale)}'; expected 'per-transition' or 'absolute'`);
  }
  const found: UncertainPrototype[] = [];
  for (const [a, b] of classPairs(C, options.pairs, 'uncertainPrototypes')) {
    const difference = (t: number, k: number) => betas[t][k * C + a] - betas[t][k * C + b];
    // the largest |d_t| over prototypes, per transition (1 for 'absolute'; a transition with all d = 0 keeps 1)
    const scales = betas.map((_, t) => {
      if (scale === 'absolute') return 1;
      let m = 0;
      for (let k = 0; k < K; k++) m = Math.max(m, Math.abs(difference(t, k)));
      return m > 0 ? m : 1;
    });
    for (let k = 0; k < K; k++) {
      const differences = betas.map((_, t) => difference(t, k));
      const scaled = differences.map((d, t) => d / scales[t]);
      const consideredTransitions: number[] = [];
      const signFlips: number[] = [];
      let previousSign = 0;
      scaled.forEach((d, t) => {
        if (d === 0 || Math.abs(d) < threshold) return;
        consideredTransitions.push(t);
        const sign = Math.sign(d);
        if (previousSign !== 0 && sign !== previousSign) signFlips.push(t);
        previousSign = sign;
      });
      if (signFlips.length < minSignChanges) continue;
      const maxMagnitude = differences.reduce((m, d) => Math.max(m, Math.abs(d)), 0);
      found.push({ prototype: k, pair: [a, b], differences, scaled, consideredTransitions, signFlips, signChanges: signFlips.length, maxMagnitude });
    }
  }
  return found;
}
