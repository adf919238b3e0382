import * as tf from '@tensorflow/tfjs';
import { channelKernelsSupport } from '../backend/wasm/channelKernels.js';

/**
 * Batch normalisation in training mode ([N, H, W, C] or [N, C]) with a hand-written gradient.
 * tfjs differentiates through tf.moments and a broadcasted batchNorm, which costs many full-size passes
 * and a Tile on wasm; the closed form needs three:
 *   xhat = (x - mean) * rstd,  y = gamma * xhat + beta,  g = dy * gamma
 *   dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),  dgamma = sum(dy * xhat),  dbeta = sum(dy)
 * Returns y and the batch mean / (biased) variance, for the running statistics.
 */
export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (tf.getBackend() === 'wasm' && tf.getKernel('I2xChannelMoments', 'wasm') && channelKernelsSupport(x.shape)) return batchNormTrainFused(x, gamma, beta, epsilon);
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.size / x.shape[x.shape.length - 1];
  let mean!: tf.Tensor1D;
  let variance!: tf.Tensor1D;
  const body = (xIn: tf.Tensor, gammaIn: tf.Tensor, betaIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const moments = tf.moments(xIn, axes);
    mean = tf.keep(moments.mean as tf.Tensor1D);
    variance = tf.keep(moments.variance as tf.Tensor1D);
    const rstd = tf.rsqrt(tf.add(moments.variance, epsilon));
    const xhat = tf.mul(tf.sub(xIn, moments.mean), rstd);
    save([xhat, rstd, gammaIn]);
    return {
      value: tf.add(tf.mul(xhat, gammaIn), betaIn),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedXhat, savedRstd, savedGamma] = saved;
        const dyT = dy as tf.Tensor;
        const dbeta = tf.sum(dyT, axes);
        const dgamma = tf.sum(tf.mul(dyT, savedXhat), axes);
        // dx = gamma * rstd / count * (count * dy - dbeta - xhat * dgamma)
        const scale = tf.div(tf.mul(savedGamma, savedRstd), count);
        const centred = tf.sub(tf.sub(tf.mul(dyT, count), dbeta), tf.mul(savedXhat, dgamma));
        return [tf.mul(centred, scale), dgamma, dbeta];
      },
    };
  };
  const op = tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta);
  return { y, mean, variance };
}

/**
 * The same closed form on the wasm backend's per-channel SIMD kernels (src/backend/wasm/channelKernels.ts):
 * forward = moments (2 passes) + one affine pass, y = x * (gamma * rstd) + (beta - mean * gamma * rstd);
 * backward = one pass for sum(dy) and sum(dy * (x - mean)), one two-input affine pass for
 * dx = dy * a + x * b + k with a = gamma * rstd, b = -a * rstd * dgamma / n, k = -a * dbeta / n - b * mean.
 * x itself is saved for the backward pass instead of xhat (no extra full-size tensor).
 */
function batchNormTrainFused(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const channels = x.shape[x.shape.length - 1];
  const count = x.size / channels;
  let mean!: tf.Tensor1D;
  let variance!: tf.Tensor1D;
  const run = (name: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel(name, inputs, {}) as tf.Tensor;
  const body = (xIn: tf.Tensor, gammaIn: tf.Tensor1D, betaIn: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const [m, v] = tf.unstack(run('I2xChannelMoments', { x: xIn })) as [tf.Tensor1D, tf.Tensor1D];
    mean = tf.keep(m);
    variance = tf.keep(v);
    const rstd = tf.rsqrt(tf.add(variance, epsilon)) as tf.Tensor1D;
    const scale = tf.mul(gammaIn, rstd);
    save([xIn, mean, rstd, gammaIn]);
    return {
      value: run('I2xChannelAffine', { x: xIn, a: scale, k: tf.sub(betaIn, tf.mul(mean, scale)) }),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedX, savedMean, savedRstd, savedGamma] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        const [dbeta, centredDot] = tf.unstack(run('I2xChannelGradSums', { dy: dy as tf.Tensor, x: savedX, mean: savedMean })) as [tf.Tensor1D, tf.Tensor1D];
        const dgamma = tf.mul(centredDot, savedRstd);
        const a = tf.mul(savedGamma, savedRstd);
        const b = tf.div(tf.mul(tf.mul(a, savedRstd), dgamma), -count);
        const k = tf.sub(tf.div(tf.mul(a, dbeta), -count), tf.mul(b, savedMean));
        return [run('I2xChannelAffine', { x: dy as tf.Tensor, a, y: savedX, b, k }), dgamma, dbeta];
      },
    };
  };
  const op = tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta);
  return { y, mean, variance };
}
