import * as tf from '@tensorflow/tfjs';
import { layerVariable, type BatchStatsUpdate, type ModelGraph } from './ModelGraph.js';

export interface StepGradients {
  /** mean softmax cross-entropy of the batch */
  loss: tf.Scalar;
  /** correctly classified samples in the batch */
  correct: tf.Scalar;
  /** gradient per trainable variable name */
  grads: tf.NamedTensorMap;
  /** batch statistics of every BatchNormalization layer, for the running averages */
  batchStats: BatchStatsUpdate[];
}

/**
 * Forward and backward pass of one training batch: x [N, H, W, C] (normalised), labels [N] int32.
 * The caller owns (and disposes) every returned tensor.
 */
export function computeGradients(graph: ModelGraph, x: tf.Tensor4D, labels: tf.Tensor1D, classes: number): StepGradients {
  const batchStats: BatchStatsUpdate[] = [];
  let correct!: tf.Scalar;
  const trainable = graph.model.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
  const { value, grads } = tf.variableGrads(() => {
    const logits = graph.forward(x, { mode: 'train', batchStats }).get(graph.outputName) as tf.Tensor2D;
    correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
  }, trainable);
  return { loss: value, correct, grads, batchStats };
}

/**
 * Folds one batch's statistics into the BatchNorm running averages, as PyTorch does
 * (running = momentum * running + (1 - momentum) * batch, with the unbiased batch variance).
 */
export function updateRunningStats(graph: ModelGraph, stats: BatchStatsUpdate[]): void {
  tf.tidy(() => {
    for (const s of stats) {
      const node = graph.nodes.find((n) => n.name === s.layer)!;
      const momentum = node.layer.getConfig().momentum as number;
      const movingMean = layerVariable(node.layer, 'movingMean')!;
      const movingVar = layerVariable(node.layer, 'movingVariance')!;
      const unbiased = s.count > 1 ? s.count / (s.count - 1) : 1;
      movingMean.assign(tf.add(tf.mul(movingMean, momentum), tf.mul(s.mean, 1 - momentum)));
      movingVar.assign(tf.add(tf.mul(movingVar, momentum), tf.mul(tf.mul(s.variance, unbiased), 1 - momentum)));
    }
  });
}
