import { I2xError } from '../../util/I2xError.js';

/**
 * Relevance mass accuracy (Arras et al. 2022, "CLEVR-XAI"): the share of a map's positive relevance that falls
 * inside the ground-truth mask, Σ R⁺ m / Σ R⁺, with `coverage` `[n, h * w]` the mask's share of each map cell
 * (cellCoverage; a cell's relevance counts in proportion to the planted pixels it holds, which is the mass
 * accuracy of the map upsampled by nearest neighbour). `maps` `[n, h * w]` raw maps (negative values count 0).
 * Returns the mean over the samples whose map has positive mass, and how many had none (left out of the mean).
 */
export function relevanceMass(maps: Float32Array, coverage: Float32Array, samples: number): { mean: number; withoutMass: number } {
  if (maps.length !== coverage.length || (samples > 0 && maps.length % samples !== 0)) {
    throw new I2xError('E_ANALYSIS', `relevanceMass: ${maps.length} map values and ${coverage.length} coverage values for ${samples} samples; expected both [n, h * w]`);
  }
  const cells = samples > 0 ? maps.length / samples : 0;
  let sum = 0;
  let counted = 0;
  for (let n = 0; n < samples; n++) {
    let inside = 0;
    let total = 0;
    for (let c = n * cells; c < (n + 1) * cells; c++) {
      const r = maps[c] > 0 ? maps[c] : 0;
      total += r;
      inside += r * coverage[c];
    }
    if (total > 0) {
      sum += inside / total;
      counted++;
    }
  }
  return { mean: counted > 0 ? sum / counted : Number.NaN, withoutMass: samples - counted };
}
