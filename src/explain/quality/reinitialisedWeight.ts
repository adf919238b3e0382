import * as tf from '@tensorflow/tfjs';

/**
 * The value a weight takes when the model parameter randomisation test re-initialises its layer, as a freshly
 * built layer would hold it: kernels He-normal (std sqrt(2 / fan-in), fan-in the product of all but the last
 * dimension), drawn with `seed` (never 0: see derivedSeed); biases and BatchNorm betas and moving means 0;
 * BatchNorm gammas and moving variances 1. The caller disposes the result.
 */
export function reinitialisedWeight(field: string, shape: number[], seed: number): tf.Tensor {
  switch (field) {
    case 'kernel': {
      const fanIn = shape.slice(0, -1).reduce((p, d) => p * d, 1);
      return tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed);
    }
    case 'gamma':
    case 'movingVariance':
      return tf.ones(shape);
    case 'bias':
    case 'beta':
    case 'movingMean':
      return tf.zeros(shape);
    default:
      throw new RangeError(`reinitialisedWeight: no re-initialisation for a weight '${field}'; known: kernel, bias, gamma, beta, movingMean, movingVariance.`);
  }
}
