import * as tf from '@tensorflow/tfjs';
import { relevanceRatio, STABILIZER, type LrpRule } from '../LrpRule.js';

/**
 * LRP-flat (Lapuschkin et al. 2019) as zennit's Flat: inputs and weights taken as 1 and the bias as 0,
 * so each output's relevance is spread evenly over its receptive field (padding excluded). The result
 * does not depend on x at all.
 */
export function flatRule(): LrpRule {
  return (layer, x, relevance) =>
    tf.tidy(() => {
      const ones = tf.onesLike(layer.kernel);
      const z = layer.forward(tf.onesLike(x), ones, null);
      return layer.backward(relevanceRatio(relevance, z, STABILIZER), ones, x.shape);
    });
}
