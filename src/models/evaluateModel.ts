import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/Dataset.js';
import { makeBatch } from '../data/makeBatch.js';
import { I2xError } from '../util/I2xError.js';
import { ModelGraph } from './ModelGraph.js';

export interface Evaluation {
  /** mean softmax cross-entropy */
  loss: number;
  accuracy: number;
  /** [true class][predicted class] counts; sums to the dataset's count */
  confusion: number[][];
  /** [N, classes] softmax outputs in dataset order, when asked for */
  probabilities?: Float32Array;
}

/**
 * Loss, accuracy and confusion matrix of `model` on every sample of `dataset`, in inference mode
 * (BatchNorm running statistics), `batchSize` samples at a time. Every tensor is released per batch.
 */
export async function evaluateModel(model: tf.LayersModel | ModelGraph, dataset: Dataset, batchSize: number, options: { probabilities?: boolean } = {}): Promise<Evaluation> {
  const graph = model instanceof ModelGraph ? model : ModelGraph.fromModel(model);
  const classes = graph.model.outputs[0].shape[1];
  if (typeof classes !== 'number' || classes < 1) {
    throw new I2xError('E_MODEL', `Model '${graph.model.name}' has output shape [${graph.model.outputs[0].shape.join(', ')}]; expected [N, classes].`);
  }
  if (dataset.count === 0) throw new I2xError('E_DATA', `${dataset.name}/${dataset.split} has no samples to evaluate on.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new I2xError('E_CONFIG', `evaluation batch size ${batchSize} is not accepted; expected an integer >= 1.`);

  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const probabilities = options.probabilities ? new Float32Array(dataset.count * classes) : undefined;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, dataset.count - start) }, (_, k) => start + k);
    const batch = makeBatch(dataset, indices);
    for (const label of batch.labels) {
      if (label >= classes) throw new I2xError('E_DATA', `${dataset.name}/${dataset.split} has label ${label}; model '${graph.model.name}' has ${classes} classes.`);
    }
    const [losses, predicted, probs] = tf.tidy(() => {
      const x = tf.tensor4d(batch.images, batch.shape as [number, number, number, number]);
      const logits = graph.forward(x, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D;
      const logProbs = tf.logSoftmax(logits);
      const perSample = tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(batch.labels, 'int32'), classes)), 1));
      return [perSample, tf.argMax(logits, 1), options.probabilities ? tf.exp(logProbs) : undefined];
    });
    try {
      const lossValues = await losses.data();
      const predictedValues = await predicted.data();
      for (let k = 0; k < indices.length; k++) {
        lossSum += lossValues[k];
        confusion[batch.labels[k]][predictedValues[k]]++;
        if (batch.labels[k] === predictedValues[k]) correct++;
      }
      if (probabilities && probs) probabilities.set(await probs.data(), start * classes);
    } finally {
      tf.dispose([losses, predicted, ...(probs ? [probs] : [])]);
    }
  }
  return { loss: lossSum / dataset.count, accuracy: correct / dataset.count, confusion, ...(probabilities ? { probabilities } : {}) };
}
