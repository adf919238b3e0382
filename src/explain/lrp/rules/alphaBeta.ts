import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../../../util/I2xError.js';
import { mapBias, negativePart, positivePart, relevanceRatio, STABILIZER, type LrpRule } from '../LrpRule.js';

/**
 * LRP-alpha-beta as zennit's AlphaBeta: R_i = sum_j (alpha (x_i w_ij)+ / z+_j - beta (x_i w_ij)- / z-_j) R_j,
 * with z+ = sum_i (x_i w_ij)+ + b+ and z- = sum_i (x_i w_ij)- + b-. Needs alpha - beta = 1.
 */
export function alphaBetaRule(alpha = 2, beta = 1): LrpRule {
  if (!(alpha >= 0 && beta >= 0 && alpha - beta === 1)) {
    throw new I2xError('E_CONFIG', `AlphaBeta rule with alpha=${alpha}, beta=${beta} is not accepted; both must be >= 0 and alpha - beta = 1 (e.g. alpha=2, beta=1).`);
  }
  return (layer, x, relevance) =>
    tf.tidy(() => {
      const [xPos, xNeg] = [positivePart(x), negativePart(x)];
      const [wPos, wNeg] = [positivePart(layer.kernel), negativePart(layer.kernel)];
      const back = (s: tf.Tensor, w: tf.Tensor) => layer.backward(s, w, x.shape);
      const zPos = tf.add(layer.forward(xPos, wPos, mapBias(layer.bias, positivePart)), layer.forward(xNeg, wNeg, null));
      const zNeg = tf.add(layer.forward(xPos, wNeg, mapBias(layer.bias, negativePart)), layer.forward(xNeg, wPos, null));
      const sPos = relevanceRatio(relevance, zPos, STABILIZER);
      const sNeg = relevanceRatio(relevance, zNeg, STABILIZER);
      const positive = tf.add(tf.mul(xPos, back(sPos, wPos)), tf.mul(xNeg, back(sPos, wNeg)));
      const negative = tf.add(tf.mul(xPos, back(sNeg, wNeg)), tf.mul(xNeg, back(sNeg, wPos)));
      return tf.sub(tf.mul(positive, alpha), tf.mul(negative, beta));
    });
}
