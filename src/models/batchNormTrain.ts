import * as tf from '@tensorflow/tfjs';

/**
 * Batch normalisation in training mode ([N, H, W, C] or [N, C]) with a hand-written gradient.
 * tfjs differentiates through tf.moments and a broadcasted batchNorm, which costs many full-size passes
 * and a Tile on wasm; the closed form needs three:
 *   xhat = (x - mean) * rstd,  y = gamma * xhat + beta,  g = dy * gamma
 *   dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),  dgamma = sum(dy * xhat),  dbeta = sum(dy)
 * Returns y and the batch mean / (biased) variance, for the running statistics.
 */
export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
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
