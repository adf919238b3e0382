import { I2xError } from '../../util/I2xError.js';

export interface I2xScoreInput {
  /** [N, positions] the prototype of every feature position of every sample (the prototypes stage) */
  assignments: Int32Array;
  positions: number;
  /** K, the number of prototypes */
  prototypes: number;
  /** the prototypes uncertain for the pairs scored (the explanation stage's verdicts for `finetune.pairs`) */
  uncertain: readonly number[];
  /** [N, K] prototype intensities at the final checkpoint */
  finalIntensities: Float32Array;
  /** a sample contains prototype k when at least this many of its positions are k (curation's `minArea`) */
  minArea: number;
}

/**
 * `i2x`, the ranked form of the curation rule (docs/method.md, "Suspicion scores"): the largest final-checkpoint
 * intensity over the uncertain prototypes the sample contains (same containment test as src/finetune/curate.ts:
 * at least `minArea` positions), and 0 for a sample that contains none. Curation removes the samples with a
 * score above 0 (without its optional intensity threshold); the score orders them by how strongly the final
 * model looks at the uncertain prototype. Intensities are >= 0, so a contained prototype seen with intensity 0
 * ties with the samples that contain none. Returns `[N]`.
 */
export function i2xScore(input: I2xScoreInput): Float64Array {
  const { assignments, positions, prototypes: K, uncertain, finalIntensities, minArea } = input;
  if (!Number.isInteger(positions) || positions < 1 || assignments.length % positions !== 0) {
    throw new I2xError('E_ANALYSIS', `i2xScore: ${assignments.length} assignments are not a whole number of samples of ${positions} positions`);
  }
  const N = assignments.length / positions;
  if (finalIntensities.length !== N * K) {
    throw new I2xError('E_ANALYSIS', `i2xScore: ${finalIntensities.length} final intensities for ${N} samples x ${K} prototypes; expected [N, K]`);
  }
  for (const k of uncertain) {
    if (!Number.isInteger(k) || k < 0 || k >= K) throw new I2xError('E_ANALYSIS', `i2xScore: uncertain prototype ${k} is not one of the ${K} prototypes (0..${K - 1})`);
  }
  const used = [...new Set(uncertain)];
  const area = new Int32Array(K);
  const score = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    area.fill(0);
    for (let p = n * positions; p < (n + 1) * positions; p++) area[assignments[p]]++;
    let best = 0;
    for (const k of used) if (area[k] >= minArea && finalIntensities[n * K + k] > best) best = finalIntensities[n * K + k];
    score[n] = best;
  }
  return score;
}
