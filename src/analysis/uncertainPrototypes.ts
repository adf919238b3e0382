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
 * wobbles around zero do not count. The evidence reported for each uncertain (k, a, b) is the full d_t
 * series, the transitions that took part, the transitions at which the sign flipped (relative to the
 * previous participating transition), and max_t |d_t|.
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
}

export interface UncertainPrototype {
  prototype: number;
  pair: [number, number];
  /** [T] d_t for every transition */
  differences: number[];
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
  const found: UncertainPrototype[] = [];
  for (const [a, b] of classPairs(C, options.pairs, 'uncertainPrototypes')) {
    for (let k = 0; k < K; k++) {
      const differences = betas.map((beta) => beta[k * C + a] - beta[k * C + b]);
      const consideredTransitions: number[] = [];
      const signFlips: number[] = [];
      let previousSign = 0;
      differences.forEach((d, t) => {
        if (d === 0 || Math.abs(d) < threshold) return;
        consideredTransitions.push(t);
        const sign = Math.sign(d);
        if (previousSign !== 0 && sign !== previousSign) signFlips.push(t);
        previousSign = sign;
      });
      if (signFlips.length < minSignChanges) continue;
      const maxMagnitude = differences.reduce((m, d) => Math.max(m, Math.abs(d)), 0);
      found.push({ prototype: k, pair: [a, b], differences, consideredTransitions, signFlips, signChanges: signFlips.length, maxMagnitude });
    }
  }
  return found;
}
