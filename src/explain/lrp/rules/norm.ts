import * as tf from '@tensorflow/tfjs';
import { relevanceRatio, STABILIZER } from '../LrpRule.js';

/**
 * zennit's Norm rule for a sum of branches (a residual Add): each input gets the share of the output
 * relevance that it contributed, R_i = x_i / (sum_k x_k + eps * sign) * R. Returns one tensor per input.
 */
export function normRule(inputs: tf.Tensor[], relevance: tf.Tensor, stabilizer = STABILIZER): tf.Tensor[] {
  return tf.tidy(() => {
    const s = relevanceRatio(relevance, tf.addN(inputs), stabilizer);
    return inputs.map((x) => tf.mul(x, s));
  });
}
