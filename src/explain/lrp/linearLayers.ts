import * as tf from '@tensorflow/tfjs';
import type { LinearLayer } from './LinearLayer.js';

const withBias = (z: tf.Tensor, bias: tf.Tensor | null) => (bias ? tf.add(z, bias) : z);

/** A 2D convolution (NHWC, no dilation) as a LinearLayer; its adjoint is the transposed convolution. */
export function convLayer(kernel: tf.Tensor4D, bias: tf.Tensor1D | null, strides: [number, number], padding: 'same' | 'valid'): LinearLayer {
  return {
    kernel,
    bias,
    forward: (x, k, b) => withBias(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, strides, padding), b),
    backward: (s, k, inputShape) => tf.conv2dTranspose(s as tf.Tensor4D, k as tf.Tensor4D, inputShape as [number, number, number, number], strides, padding),
  };
}

/** A dense layer (kernel [in, out]) as a LinearLayer. */
export function denseLayer(kernel: tf.Tensor2D, bias: tf.Tensor1D | null): LinearLayer {
  return {
    kernel,
    bias,
    forward: (x, k, b) => withBias(tf.matMul(x as tf.Tensor2D, k as tf.Tensor2D), b),
    backward: (s, k) => tf.matMul(s as tf.Tensor2D, k as tf.Tensor2D, false, true),
  };
}

/**
 * Global average pooling [N, H, W, C] -> [N, C] as a LinearLayer whose kernel is the scalar 1/(H*W)
 * shared by every pixel (so rules that clamp or replace the kernel still apply). The caller disposes `kernel`.
 */
export function globalAveragePoolLayer(kernel: tf.Scalar): LinearLayer {
  return {
    kernel,
    bias: null,
    forward: (x, k, b) => withBias(tf.mul(tf.sum(x, [1, 2]), k), b),
    backward: (s, k, inputShape) => {
      const [n, , , c] = inputShape;
      return tf.broadcastTo(tf.mul(tf.reshape(s, [n, 1, 1, c]), k), inputShape);
    },
  };
}
