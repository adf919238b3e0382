import { I2xError } from '../util/I2xError.js';

export type SaliencyNormalization = 'none' | 'global-max' | 'per-image-max';

/**
 * Scales raw saliency maps [N, P] in place, as the config says:
 * - 'none': raw values, comparable across checkpoints in the model's own units;
 * - 'global-max': divided by the largest |value| over all samples of this checkpoint (one scale per checkpoint);
 * - 'per-image-max': each map divided by its own largest |value| (hides how strongly the model looks: use with care).
 * A zero map stays zero.
 */
export function normalizeSaliency(maps: Float32Array, samples: number, positions: number, mode: SaliencyNormalization): Float32Array {
  if (mode === 'none') return maps;
  if (mode === 'global-max') {
    let max = 0;
    for (let i = 0; i < maps.length; i++) max = Math.max(max, Math.abs(maps[i]));
    if (max > 0) for (let i = 0; i < maps.length; i++) maps[i] /= max;
    return maps;
  }
  if (mode === 'per-image-max') {
    for (let n = 0; n < samples; n++) {
      let max = 0;
      for (let p = 0; p < positions; p++) max = Math.max(max, Math.abs(maps[n * positions + p]));
      if (max > 0) for (let p = 0; p < positions; p++) maps[n * positions + p] /= max;
    }
    return maps;
  }
  throw new I2xError('E_CONFIG', `analysis.saliency.normalization: '${mode as string}' is not accepted; accepted: none, global-max, per-image-max`);
}
