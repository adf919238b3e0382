import { I2xError } from '../util/I2xError.js';

/**
 * sum_i weights[i] * gradients[i], accumulated in float64. With slice-mean losses and
 * weights[i] = sliceSize[i] / batchSize this is the gradient of the whole batch's mean loss.
 */
export function averageGradients(gradients: Float32Array[], weights: number[]): Float32Array {
  const length = gradients[0]?.length ?? 0;
  if (gradients.some((g) => g.length !== length)) {
    throw new I2xError('E_MODEL', `Replicas sent gradients of different lengths (${gradients.map((g) => g.length).join(', ')}); they must share one architecture.`);
  }
  const sum = new Float64Array(length);
  gradients.forEach((g, i) => {
    const w = weights[i];
    for (let j = 0; j < length; j++) sum[j] += w * g[j];
  });
  return Float32Array.from(sum);
}
