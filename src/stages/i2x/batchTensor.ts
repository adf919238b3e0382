import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../data/Dataset.js';
import { makeBatch } from '../../data/makeBatch.js';

/** Samples [start, end) of a dataset as a normalised [n, H, W, C] tensor and their labels. Caller disposes. */
export function batchTensor(dataset: Dataset, start: number, end: number): { x: tf.Tensor4D; labels: tf.Tensor1D; labelArray: Int32Array } {
  const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
  const batch = makeBatch(dataset, indices);
  return {
    x: tf.tensor4d(batch.images, [end - start, dataset.height, dataset.width, dataset.channels]),
    labels: tf.tensor1d(batch.labels, 'int32'),
    labelArray: batch.labels,
  };
}
