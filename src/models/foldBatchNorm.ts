import * as tf from '@tensorflow/tfjs';

/** Inference-mode BatchNorm over the last axis: y = gamma (x - mean) / sqrt(variance + epsilon) + beta. */
export interface BatchNormParams {
  /** [C]; null when the layer does not scale */
  gamma: tf.Tensor1D | null;
  /** [C]; null when the layer does not center */
  beta: tf.Tensor1D | null;
  movingMean: tf.Tensor1D;
  movingVariance: tf.Tensor1D;
  epsilon: number;
}

/**
 * Folds an inference-mode BatchNorm into the linear layer before it (kernel [..., C], bias [C] or null):
 * scale = gamma / sqrt(variance + epsilon), kernel' = kernel * scale, bias' = (bias - mean) * scale + beta.
 * Then conv'(x) equals bn(conv(x)): ModelGraph's inference runs conv -> BN as one fused convolution with
 * these weights, and LRP sees one linear layer. Returns new tensors; the caller disposes them.
 */
export function foldBatchNorm(kernel: tf.Tensor, bias: tf.Tensor1D | null, bn: BatchNormParams): { kernel: tf.Tensor; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const inverseStd = tf.rsqrt(tf.add(bn.movingVariance, bn.epsilon));
    const scale = bn.gamma ? tf.mul(bn.gamma, inverseStd) : inverseStd;
    const centred = bias ? tf.sub(bias, bn.movingMean) : tf.neg(bn.movingMean);
    const shifted = tf.mul(centred, scale);
    return { kernel: tf.mul(kernel, scale), bias: (bn.beta ? tf.add(shifted, bn.beta) : shifted) as tf.Tensor1D };
  });
}
