import * as tf from '@tensorflow/tfjs';
import { mapBias, negativePart, positivePart, relevanceRatio, STABILIZER, type LrpRule } from '../LrpRule.js';

/**
 * LRP-z+ as zennit's ZPlus (alpha = 1, beta = 0, negative inputs allowed): only the positive contributions
 * (x w)+ = x+ w+ + x- w- share the relevance; the positive part of the bias joins the denominator.
 */
export function zPlusRule(): LrpRule {
  return (layer, x, relevance) =>
    tf.tidy(() => {
      const [xPos, xNeg] = [positivePart(x), negativePart(x)];
      const [wPos, wNeg] = [positivePart(layer.kernel), negativePart(layer.kernel)];
      const z = tf.add(layer.forward(xPos, wPos, mapBias(layer.bias, positivePart)), layer.forward(xNeg, wNeg, null));
      const s = relevanceRatio(relevance, z, STABILIZER);
      return tf.add(tf.mul(xPos, layer.backward(s, wPos, x.shape)), tf.mul(xNeg, layer.backward(s, wNeg, x.shape)));
    });
}
