import * as tf from '@tensorflow/tfjs';
import type { LinearLayer } from './LinearLayer.js';

/**
 * An LRP rule for a linear layer: given the layer, its input x [N, ...in] and the relevance of its
 * output [N, ...out], returns the relevance of its input [N, ...in]. Rules are tidy: they return one new
 * tensor and leave nothing else behind.
 */
export type LrpRule = (layer: LinearLayer, x: tf.Tensor, relevance: tf.Tensor) => tf.Tensor;

/** zennit's default stabiliser for the rules that have no epsilon of their own (ZPlus, Gamma, AlphaBeta, Flat, ZBox, Norm). */
export const STABILIZER = 1e-6;

/**
 * relevance / (z + epsilon * sign(z)) with sign(0) = +1, as zennit's `stabilize`; where the stabilised
 * denominator is exactly 0 (only possible with epsilon = 0) the quotient is 0.
 */
export function relevanceRatio(relevance: tf.Tensor, z: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const sign = tf.where(tf.greaterEqual(z, 0), tf.onesLike(z), tf.neg(tf.onesLike(z)));
    return tf.divNoNan(relevance, tf.add(z, tf.mul(sign, epsilon)));
  });
}

/** max(t, 0) */
export const positivePart = (t: tf.Tensor): tf.Tensor => tf.relu(t);
/** min(t, 0) */
export const negativePart = (t: tf.Tensor): tf.Tensor => tf.minimum(t, 0);
/** a modifier applied to a bias that may be absent */
export const mapBias = (bias: tf.Tensor1D | null, modify: (b: tf.Tensor) => tf.Tensor): tf.Tensor | null => (bias ? modify(bias) : null);
