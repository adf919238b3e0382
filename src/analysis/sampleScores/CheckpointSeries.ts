import { I2xError } from '../../util/I2xError.js';

/**
 * One vector per sample at each of T checkpoints, row-major `[T, N, width]` float32: the softmax confidences
 * or logits (`width` = classes) or the penultimate activations (`width` = features) of a training set.
 */
export interface CheckpointSeries {
  data: Float32Array;
  /** [T checkpoints, N samples, width] */
  shape: readonly [number, number, number];
}

/**
 * Checks a series' shape against its data (T, N, width integers >= 1) and, when given, the given labels
 * `[N]` (int32, each in [0, width)). `name` names the argument in the message. Returns [T, N, width].
 */
export function assertCheckpointSeries(
  name: string,
  series: CheckpointSeries,
  labels?: Int32Array,
): readonly [number, number, number] {
  const [checkpoints, samples, width] = series.shape;
  for (const [key, value] of [['checkpoints', checkpoints], ['samples', samples], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new I2xError('E_ANALYSIS', `${name}: ${key} = ${value} in shape [${series.shape}] is not accepted; expected [T, N, width], integers >= 1`);
    }
  }
  if (series.data.length !== checkpoints * samples * width) {
    throw new I2xError(
      'E_ANALYSIS',
      `${name}: length ${series.data.length} does not match shape [${series.shape}]; expected ${checkpoints * samples * width}`,
    );
  }
  if (labels !== undefined) {
    if (labels.length !== samples) {
      throw new I2xError('E_ANALYSIS', `${name}: ${labels.length} labels for ${samples} samples; expected one given label per sample`);
    }
    for (let i = 0; i < samples; i++) {
      if (!(labels[i] >= 0 && labels[i] < width)) {
        throw new I2xError('E_ANALYSIS', `${name}: label ${labels[i]} of sample ${i} is not a class; expected an integer in [0, ${width})`);
      }
    }
  }
  return [checkpoints, samples, width];
}
