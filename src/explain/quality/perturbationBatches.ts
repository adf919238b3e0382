import type * as tf from '@tensorflow/tfjs';

/** [N, H, W, C] images as one flat array (normalised inputs), with their shape. */
export interface ImageBatch {
  data: Float32Array;
  n: number;
  height: number;
  width: number;
  channels: number;
}

/** The model as the removal metrics see it on this thread: logits [M, classes] of a normalised batch [M, H, W, C]. */
export type Logits = (x: tf.Tensor4D) => tf.Tensor2D;

/** Row-major logits [m, classes] of m perturbed images, [m, H, W, C] flat and normalised; it may take `images`' buffer. */
export type ChunkLogits = (images: Float32Array, shape: [number, number, number, number]) => Promise<Float32Array>;

/**
 * Where the perturbed images go through the model (perturbationModels.ts: this thread or a worker pool).
 * `forEachChunk` calls `run` once for each chunk [start, end) of [0, count), at most `batchSize` long, with the
 * model to send it to, and resolves when every chunk has run. Chunks may be in flight together (two per worker
 * on a pool), so `run` builds each chunk in a buffer of its own; it starts chunks in increasing order.
 */
export interface PerturbationModel {
  forEachChunk(count: number, batchSize: number, run: (start: number, end: number, logits: ChunkLogits) => Promise<void>): Promise<void>;
}

export interface PerturbationRequest {
  model: PerturbationModel;
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
 * Softmax probability of the target class for `count` perturbed images, built on the fly `batchSize` at a time
 * and sent through the model one chunk per call, whatever mix of samples and steps the chunk holds: a removal
 * metric costs its number of forward passes, and its buffers are the chunks in flight. The softmax is taken here
 * (float64, from the chunk's logits), so this thread and a pool give the same probabilities from the same logits.
 */
export async function targetProbabilities(request: PerturbationRequest): Promise<Float32Array> {
  const { count, height, width, channels } = request;
  const batchSize = Math.max(1, request.batchSize ?? 256);
  const size = height * width * channels;
  const result = new Float32Array(count);
  await request.model.forEachChunk(count, batchSize, async (start, end, logits) => {
    const m = end - start;
    const images = new Float32Array(m * size);
    for (let k = 0; k < m; k++) request.fill(start + k, images.subarray(k * size, (k + 1) * size));
    const targets = Int32Array.from({ length: m }, (_, k) => request.targetOf(start + k));
    const rows = await logits(images, [m, height, width, channels]);
    const classes = rows.length / m;
    for (let k = 0; k < m; k++) result[start + k] = softmaxAt(rows.subarray(k * classes, (k + 1) * classes), targets[k]);
  });
  return result;
}

/** softmax(row)[target], shifted by the row's maximum so that large logits do not overflow. */
function softmaxAt(row: Float32Array, target: number): number {
  let max = -Infinity;
  for (const v of row) if (v > max) max = v;
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  return Math.exp(row[target] - max) / sum;
}
