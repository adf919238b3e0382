/**
 * Structured explanation: what the ridge coefficients say, per transition and group, as plain JSON.
 *
 * Input: betas[t][g], the `[K, C]` coefficients (prototype-intensity change -> class-confidence change)
 * of group g (e.g. an HDBSCAN cluster of confidence-change vectors) at transition t.
 *
 * - For each (t, g) and class c: the `top` prototypes that raise c (largest positive beta[k, c]) and that
 *   lower it (most negative), zero coefficients left out.
 * - For each (t, g) and class pair (a, b): the `top` prototypes that separate them, by
 *   |beta[k, a] - beta[k, b]| (the signed difference is reported: > 0 favours a).
 * - For each pair, its separation score per transition,
 *       S_t = max over groups g and prototypes k of |beta_{t,g}[k, a] - beta_{t,g}[k, b]|
 *   (with one group per transition this is max_k |beta_t[k, a] - beta_t[k, b]|), and the transition at
 *   which the pair is first "separated": the first t with S_t >= separatedFraction · max_t' S_t'
 *   (default fraction 0.5); null when S is 0 throughout.
 */
import { I2xError } from '../util/I2xError.js';
import { assertBetaShape } from './assertBetaShape.js';
import { classPairs } from './classPairs.js';

export interface StructuredExplanationOptions {
  /** prototypes listed per class and per pair (default 3) */
  top?: number;
  /** class pairs to explain; default every (a, b) with a < b */
  pairs?: readonly (readonly [number, number])[];
  /** fraction of its maximum separation score at which a pair counts as separated (default 0.5) */
  separatedFraction?: number;
}

export interface PrototypeWeight {
  prototype: number;
  weight: number;
}

export interface GroupExplanation {
  transition: number;
  group: number;
  classes: { class: number; raises: PrototypeWeight[]; lowers: PrototypeWeight[] }[];
  /** weight = beta[k, a] - beta[k, b] */
  pairs: { pair: [number, number]; separators: PrototypeWeight[] }[];
}

export interface PairSeparation {
  pair: [number, number];
  /** [T] S_t */
  scores: number[];
  maxScore: number;
  firstSeparatedTransition: number | null;
}

export interface StructuredExplanation {
  K: number;
  C: number;
  top: number;
  separatedFraction: number;
  groups: GroupExplanation[];
  pairs: PairSeparation[];
}

export function structuredExplanation(
  betas: readonly (readonly Float64Array[])[],
  K: number,
  C: number,
  options: StructuredExplanationOptions = {},
): StructuredExplanation {
  const { top = 3, separatedFraction = 0.5 } = options;
  if (!Number.isInteger(top) || top < 1) {
    throw new I2xError('E_ANALYSIS', `structuredExplanation: top = ${top}; expected an integer >= 1`);
  }
  if (!(separatedFraction > 0 && separatedFraction <= 1)) {
    throw new I2xError('E_ANALYSIS', `structuredExplanation: separatedFraction = ${separatedFraction}; expected a fraction in (0, 1]`);
  }
  betas.forEach((groups, t) =>
    groups.forEach((beta, g) => assertBetaShape(beta, K, C, `structuredExplanation: betas[${t}][${g}]`)),
  );
  const pairs = classPairs(C, options.pairs, 'structuredExplanation');
  const groups: GroupExplanation[] = [];
  betas.forEach((groupBetas, transition) =>
    groupBetas.forEach((beta, group) => {
      const column = (weight: (k: number) => number): PrototypeWeight[] =>
        Array.from({ length: K }, (_, prototype) => ({ prototype, weight: weight(prototype) }));
      groups.push({
        transition,
        group,
        classes: Array.from({ length: C }, (_, c) => {
          const weights = column((k) => beta[k * C + c]);
          return {
            class: c,
            raises: ranked(weights.filter((w) => w.weight > 0), (w) => w.weight, top),
            lowers: ranked(weights.filter((w) => w.weight < 0), (w) => -w.weight, top),
          };
        }),
        pairs: pairs.map(([a, b]) => ({
          pair: [a, b] as [number, number],
          separators: ranked(
            column((k) => beta[k * C + a] - beta[k * C + b]).filter((w) => w.weight !== 0),
            (w) => Math.abs(w.weight),
            top,
          ),
        })),
      });
    }),
  );
  return { K, C, top, separatedFraction, groups, pairs: pairs.map((pair) => separation(betas, K, C, pair, separatedFraction)) };
}

/** The `top` entries by decreasing `score`, ties to the lower prototype. */
function ranked(weights: PrototypeWeight[], score: (w: PrototypeWeight) => number, top: number): PrototypeWeight[] {
  return weights.sort((x, y) => score(y) - score(x) || x.prototype - y.prototype).slice(0, top);
}

function separation(
  betas: readonly (readonly Float64Array[])[],
  K: number,
  C: number,
  [a, b]: [number, number],
  fraction: number,
): PairSeparation {
  const scores = betas.map((groupBetas) => {
    let s = 0;
    for (const beta of groupBetas) for (let k = 0; k < K; k++) s = Math.max(s, Math.abs(beta[k * C + a] - beta[k * C + b]));
    return s;
  });
  const maxScore = scores.reduce((m, s) => Math.max(m, s), 0);
  const first = scores.findIndex((s) => s >= fraction * maxScore);
  return { pair: [a, b], scores, maxScore, firstSeparatedTransition: maxScore > 0 ? first : null };
}
