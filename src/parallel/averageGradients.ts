import { I2xError } from '../util/I2xError.js';

/**
 * sum_i weights[i] * gradients[i], accumulated in float64 from 0 in slice order and rounded once to float32,
 * written into `into` (a new array without it) and returned. With slice-mean losses and
 * weights[i] = sliceSize[i] / batchSize this is the gradient of the whole batch's mean loss.
 */
export function averageGradients(gradients: Float32Array[], weights: number[], into?: Float32Array): Float32Array {
  const length = gradients[0]?.length ?? 0;
  if (gradients.some((g) => g.length !== length)) {
    throw new I2xError('E_MODEL', `Replicas sent gradients of different lengths (${gradients.map((g) => g.length).join(', ')}); they must share one architecture.`);
  }
  if (weights.length !== gradients.length) {
    throw new I2xError('E_MODEL', `averageGradients: ${weights.length} weights for ${gradients.length} gradients.`);
  }
  const out = into ?? new Float32Array(length);
  if (out.length !== length) throw new I2xError('E_MODEL', `averageGradients: the output holds ${out.length} values, the gradients ${length}.`);
  const k = gradients.length;
  for (let j = 0; j < length; j++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += weights[i] * gradients[i][j];
    out[j] = sum;
  }
  return out;
}
