import { I2xError } from '../util/I2xError.js';

/**
 * Prototype intensity P_k (I2X): for each sample, the mean saliency over the positions assigned to
 * prototype k. A prototype absent from a sample has no intensity there: NaN, never 0, so that later steps
 * must decide explicitly what absence means.
 *
 * @param maps        [N, P] saliency per sample and position (P = h*w)
 * @param assignments [N, P] prototype of each position, in [0, K)
 * @returns           [N, K]
 */
export function prototypeIntensity(maps: Float32Array, assignments: Int32Array, samples: number, positions: number, k: number): Float32Array {
  if (maps.length !== samples * positions || assignments.length !== samples * positions) {
    throw new I2xError('E_ANALYSIS', `prototypeIntensity: maps (${maps.length}) and assignments (${assignments.length}) must both hold ${samples} x ${positions} values; do the saliency layer and the feature layer have the same resolution?`);
  }
  const out = new Float32Array(samples * k);
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (let n = 0; n < samples; n++) {
    sums.fill(0);
    counts.fill(0);
    const base = n * positions;
    for (let p = 0; p < positions; p++) {
      const proto = assignments[base + p];
      sums[proto] += maps[base + p];
      counts[proto]++;
    }
    for (let j = 0; j < k; j++) out[n * k + j] = counts[j] > 0 ? sums[j] / counts[j] : Number.NaN;
  }
  return out;
}
