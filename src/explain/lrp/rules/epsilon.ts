import * as tf from '@tensorflow/tfjs';
import { relevanceRatio, type LrpRule } from '../LrpRule.js';

/**
 * LRP-epsilon (Bach et al. 2015): R_i = x_i * sum_j w_ij R_j / (z_j + epsilon * sign(z_j)), z = Wx + b.
 * epsilon = 0 is LRP-0. The bias and epsilon absorb relevance, so it conserves exactly only without them.
 */
export function epsilonRule(epsilon = 1e-6): LrpRule {
  return (layer, x, relevance) =>
    tf.tidy(() => {
      const z = layer.forward(x, layer.kernel, layer.bias);
      return tf.mul(x, layer.backward(relevanceRatio(relevance, z, epsilon), layer.kernel, x.shape));
    });
}
