import * as tf from '@tensorflow/tfjs';
import { mapBias, negativePart, positivePart, relevanceRatio, STABILIZER, type LrpRule } from '../LrpRule.js';

/**
 * The generalised LRP-gamma as zennit's Gamma (Montavon et al. 2019; Andeol et al. 2021): for an output
 * with z_j > 0 the contributions are x_i w_ij + gamma (x_i w_ij)+ (bias b + gamma b+), for z_j < 0 they
 * are x_i w_ij + gamma (x_i w_ij)- (bias b + gamma b-); outputs with z_j = 0 pass nothing on. Equals the
 * original gamma rule for non-negative inputs.
 */
export function gammaRule(gamma = 0.25): LrpRule {
  return (layer, x, relevance) =>
    tf.tidy(() => {
      const [xPos, xNeg] = [positivePart(x), negativePart(x)];
      const w = layer.kernel;
      const wUp = tf.add(w, tf.mul(positivePart(w), gamma));
      const wDown = tf.add(w, tf.mul(negativePart(w), gamma));
      const biasUp = mapBias(layer.bias, (b) => tf.add(b, tf.mul(positivePart(b), gamma)));
      const biasDown = mapBias(layer.bias, (b) => tf.add(b, tf.mul(negativePart(b), gamma)));
      const back = (s: tf.Tensor, k: tf.Tensor) => layer.backward(s, k, x.shape);
      const z = layer.forward(x, w, layer.bias);
      const zUp = tf.add(layer.forward(xPos, wUp, biasUp), layer.forward(xNeg, wDown, null));
      const zDown = tf.add(layer.forward(xPos, wDown, biasDown), layer.forward(xNeg, wUp, null));
      const sUp = tf.mul(relevanceRatio(relevance, zUp, STABILIZER), tf.cast(tf.greater(z, 0), 'float32'));
      const sDown = tf.mul(relevanceRatio(relevance, zDown, STABILIZER), tf.cast(tf.less(z, 0), 'float32'));
      return tf.add(tf.mul(xPos, tf.add(back(sUp, wUp), back(sDown, wDown))), tf.mul(xNeg, tf.add(back(sUp, wDown), back(sDown, wUp))));
    });
}
