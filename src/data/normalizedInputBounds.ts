import type { Dataset } from './Dataset.js';

/**
 * The per-channel range of the normalised input: raw pixels in [0, 1] become [(0 - mean) / std,
 * (1 - mean) / std]. Input-space LRP rules (ZBox in EpsilonGammaBox) need these bounds.
 */
export function normalizedInputBounds(dataset: Dataset): { low: number[]; high: number[] } {
  const { mean, std } = dataset.normalization;
  return { low: mean.map((m, c) => (0 - m) / std[c]), high: mean.map((m, c) => (1 - m) / std[c]) };
}
