import * as tf from '@tensorflow/tfjs';

/** [N, H, W, C] images as one flat array (normalised inputs), with their shape. */
export interface ImageBatch {
  data: Float32Array;
  n: number;
  height: number;
  width: number;
  channels: number;
}

/** The model as the removal metrics see it: logits [M, classes] of a normalised batch [M, H, W, C]. */
export type Logits = (x: tf.Tensor4D) => tf.Tensor2D;

export interface PerturbationRequest {
  logits: Logits;
  /** number of perturbed images */
  count: number;
  height: number;
  width: number;
  channels: number;
  /** writes perturbed image `index` into `out` (H*W*C values, HWC order) */
  fill: (index: number, out: Float32Array) => void;
  /** the class whose probability is read for image `index` */
  targetOf: (index: number) => number;
  /** images per model call; default 256 */
  batchSize?: number;
}

/**
 * Softmax probability of the target class for `count` perturbed images, built on the fly and sent through
 * the model `batchSize` at a time: one model call per chunk, whatever mix of samples and steps the chunk
 * holds, so a removal metric costs its number of forward passes and a bounded buffer.
 */
export function targetProbabilities(request: PerturbationRequest): Float32Array {
  const { count, height, width, channels } = request;
  const batchSize = Math.max(1, request.batchSize ?? 256);
  const size = height * width * channels;
  const result = new Float32Array(count);
  const buffer = new Float32Array(Math.min(batchSize, count) * size);
  for (let start = 0; start < count; start += batchSize) {
    const m = Math.min(batchSize, count - start);
    for (let k = 0; k < m; k++) request.fill(start + k, buffer.subarray(k * size, (k + 1) * size));
    const targets = Int32Array.from({ length: m }, (_, k) => request.targetOf(start + k));
    const probabilities = tf.tidy(() => {
      const x = tf.tensor4d(buffer.subarray(0, m * size), [m, height, width, channels]);
      const p = tf.softmax(request.logits(x));
      const oneHot = tf.oneHot(tf.tensor1d(targets, 'int32'), p.shape[1]);
      return tf.sum(tf.mul(p, oneHot), 1);
    });
    try {
      result.set(probabilities.dataSync() as Float32Array, start);
    } finally {
      probabilities.dispose();
    }
  }
  return result;
}
