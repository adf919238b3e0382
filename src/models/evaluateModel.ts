import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/Dataset.js';
import { makeBatch } from '../data/makeBatch.js';
import { I2xError } from '../util/I2xError.js';
import { ModelGraph } from './ModelGraph.js';
import { forEachBatchOnWorkers } from './parallel/forEachBatchOnWorkers.js';
import { modelPayload } from './parallel/modelPayload.js';
import { withModelOnWorkers } from './parallel/withModelOnWorkers.js';
import type { WorkerPool } from './parallel/WorkerPool.js';

export interface Evaluation {
  /** mean softmax cross-entropy */
  loss: number;
  accuracy: number;
  /** [true class][predicted class] counts; sums to the dataset's count */
  confusion: number[][];
  /** [N] the argmax class of each sample, in dataset order */
  predictions: Int32Array;
  /** [N, classes] softmax outputs in dataset order, when asked for */
  probabilities?: Float32Array;
  /** [N, classes] logits in dataset order, when asked for */
  logits?: Float32Array;
}

export interface EvaluateOptions {
  probabilities?: boolean;
  logits?: boolean;
  /**
   * Run the forward passes on these workers (the same batches of `batchSize`, on the same kind of backend);
   * the loss, softmax and argmax of each batch are still computed here, so the result is the one-thread one.
   */
  pool?: WorkerPool;
  /**
   * Let inference's 3x3 convolutions run by Winograd (ModelGraph.forward's default in 'infer' mode; the predictions
   * stage asks for it). By default evaluation runs the direct convolution only (ModelGraph's `directConvolution`), so
   * the numbers training, import and fine-tuning store with their checkpoints do not change with the inference kernels.
   */
  winograd?: boolean;
}

/**
 * Loss, accuracy and confusion matrix of `model` on every sample of `dataset`, in inference mode
 * (BatchNorm running statistics), `batchSize` samples at a time, in this thread or on `options.pool`.
 * Per-sample losses are summed in dataset order whichever worker computed them, so the figures do not
 * depend on where the batches ran. Every tensor is released per batch.
 */
export async function evaluateModel(model: tf.LayersModel | ModelGraph, dataset: Dataset, batchSize: number, options: EvaluateOptions = {}): Promise<Evaluation> {
  const graph = model instanceof ModelGraph ? model : ModelGraph.fromModel(model);
  const classes = graph.model.outputs[0].shape[1];
  if (typeof classes !== 'number' || classes < 1) {
    throw new I2xError('E_MODEL', `Model '${graph.model.name}' has output shape [${graph.model.outputs[0].shape.join(', ')}]; expected [N, classes].`);
  }
  if (dataset.count === 0) throw new I2xError('E_DATA', `${dataset.name}/${dataset.split} has no samples to evaluate on.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new I2xError('E_CONFIG', `evaluation batch size ${batchSize} is not accepted; expected an integer >= 1.`);

  const losses = new Float32Array(dataset.count);
  const predictions = new Int32Array(dataset.count);
  const probabilities = options.probabilities ? new Float32Array(dataset.count * classes) : undefined;
  const logitValues = options.logits ? new Float32Array(dataset.count * classes) : undefined;
  /** scores one batch [start, end) from its logits [end - start, classes] (released here) */
  const score = async (start: number, labels: Int32Array, logits: tf.Tensor2D): Promise<void> => {
    const [perSample, predicted, probs] = tf.tidy(() => {
      const logProbs = tf.logSoftmax(logits);
      const loss = tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(labels, 'int32'), classes)), 1));
      return [loss, tf.argMax(logits, 1), probabilities ? tf.exp(logProbs) : undefined];
    });
    try {
      losses.set(await perSample.data(), start);
      predictions.set(await predicted.data(), start);
      if (probabilities && probs) probabilities.set(await probs.data(), start * classes);
      if (logitValues) logitValues.set(await logits.data(), start * classes);
    } finally {
      tf.dispose([logits, perSample, predicted, ...(probs ? [probs] : [])]);
    }
  };
  const batchAt = (start: number, end: number) => {
    const batch = makeBatch(dataset, Int32Array.from({ length: end - start }, (_, k) => start + k));
    for (const label of batch.labels) {
      if (label >= classes) throw new I2xError('E_DATA', `${dataset.name}/${dataset.split} has label ${label}; model '${graph.model.name}' has ${classes} classes.`);
    }
    return batch;
  };

  const pool = options.pool;
  if (pool) {
    await withModelOnWorkers(pool, modelPayload(graph.model), (key) =>
      forEachBatchOnWorkers(pool, dataset.count, batchSize, async (worker, start, end) => {
        const batch = batchAt(start, end);
        const reply = await pool.request(worker, 'infer', { key, images: batch.images, shape: [...batch.shape], ...(options.winograd ? {} : { directConvolution: true }) }, [batch.images.buffer as ArrayBuffer]);
        await score(start, batch.labels, tf.tensor2d(reply.logits, [end - start, classes]));
      }),
    );
  } else {
    for (let start = 0; start < dataset.count; start += batchSize) {
      const end = Math.min(start + batchSize, dataset.count);
      const batch = batchAt(start, end);
      const logits = tf.tidy(() => graph.forward(tf.tensor4d(batch.images, batch.shape as [number, number, number, number]), { mode: 'infer', directConvolution: !options.winograd }).get(graph.outputName) as tf.Tensor2D);
      await score(start, batch.labels, logits);
    }
  }

  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (let n = 0; n < dataset.count; n++) {
    lossSum += losses[n];
    confusion[dataset.labels[n]][predictions[n]]++;
    if (dataset.labels[n] === predictions[n]) correct++;
  }
  return {
    loss: lossSum / dataset.count,
    accuracy: correct / dataset.count,
    confusion,
    predictions,
    ...(probabilities ? { probabilities } : {}),
    ...(logitValues ? { logits: logitValues } : {}),
  };
}
