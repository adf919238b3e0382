import * as tf from '@tensorflow/tfjs';
import { negativePart, positivePart, relevanceRatio, STABILIZER, type LrpRule } from '../LrpRule.js';

/** A bound of the input box: one number for every channel, or one per channel. */
export type InputBound = number | readonly number[];

/**
 * LRP-z^B (Montavon et al. 2017) as zennit's ZBox, for inputs known to lie in [low, high] (in the
 * normalised input space, per channel or for all): contributions x_i w_ij - l_i w_ij+ - h_i w_ij-.
 * As in zennit the bias cancels from the denominator (b - b+ - b- = 0), so the rule conserves.
 * Padded pixels are 0 in all three terms.
 */
export function zBoxRule(low: InputBound, high: InputBound): LrpRule {
  return (layer, x, relevance) =>
    tf.tidy(() => {
      const bound = (value: InputBound) => tf.broadcastTo(typeof value === 'number' ? tf.scalar(value) : tf.tensor1d(value as number[]), x.shape);
      const [lowX, highX] = [bound(low), bound(high)];
      const w = layer.kernel;
      const [wPos, wNeg] = [positivePart(w), negativePart(w)];
      const back = (s: tf.Tensor, k: tf.Tensor) => layer.backward(s, k, x.shape);
      const z = tf.sub(tf.sub(layer.forward(x, w, null), layer.forward(lowX, wPos, null)), layer.forward(highX, wNeg, null));
      const s = relevanceRatio(relevance, z, STABILIZER);
      return tf.sub(tf.sub(tf.mul(x, back(s, w)), tf.mul(lowX, back(s, wPos))), tf.mul(highX, back(s, wNeg)));
    });
}
