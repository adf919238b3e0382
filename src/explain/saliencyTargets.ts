import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../models/ModelGraph.js';
import { I2xError } from '../util/I2xError.js';

/**
 * Which class a sample's map explains: its label, the model's argmax ('predicted'), one class index for
 * every sample (analysis.saliency.target), or one per sample.
 */
export type SaliencyTarget = 'label' | 'predicted' | number | Int32Array;

/**
 * The [N] int32 classes to explain for the batch `x` [N, H, W, C]; `labels` [N] is needed for 'label'.
 * The one place the in-thread and the worker paths turn a target into classes. The caller disposes the result.
 */
export function saliencyTargets(graph: ModelGraph, x: tf.Tensor4D, target: SaliencyTarget, labels?: tf.Tensor1D | Int32Array): tf.Tensor1D {
  const n = x.shape[0];
  const perSample = (values: tf.Tensor1D | Int32Array, what: string): tf.Tensor1D => {
    const count = values instanceof Int32Array ? values.length : values.shape[0];
    if (count !== n) throw new I2xError('E_DATA', `saliency: ${what} hold ${count} values for a batch of ${n} images; give one class per image.`);
    return values instanceof Int32Array ? tf.tensor1d(values, 'int32') : values.clone();
  };
  if (target === 'label') {
    if (!labels) throw new I2xError('E_CONFIG', `saliency target 'label' needs the labels of the ${n} images; pass labels, or use target 'predicted' or a class index.`);
    return perSample(labels, 'labels');
  }
  if (target === 'predicted') return tf.tidy(() => tf.argMax(graph.forward(x, { mode: 'infer' }).get(graph.outputName)!, 1).toInt() as tf.Tensor1D);
  if (typeof target === 'number') return tf.fill([n], target, 'int32') as tf.Tensor1D;
  return perSample(target, 'targets');
}
