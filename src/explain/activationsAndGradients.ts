import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../models/ModelGraph.js';

export interface ActivationsAndGradients {
  /** [N, h, w, C] output of the target layer */
  activations: tf.Tensor4D;
  /** [N, h, w, C] d(logit of each sample's target class) / d(activations) */
  gradients: tf.Tensor4D;
  /** [N, classes] logits of the forward pass */
  logits: tf.Tensor2D;
  /** [N, D] the final dense layer's input (graph.headInputName) from the same forward pass, when asked for and the model has that layer */
  headInputs?: tf.Tensor2D;
}

/**
 * The shared half of every gradient-based saliency method: one forward pass in inference mode that keeps
 * the target layer's output A, then the gradient of the target logits with respect to A, computed by
 * re-running only the layers downstream of A (everything else comes from the forward pass's cache).
 * `targets[i]` is the class explained for sample i. The caller disposes the returned tensors.
 */
export function activationsAndGradients(
  graph: ModelGraph,
  x: tf.Tensor4D,
  layer: string,
  targets: tf.Tensor1D,
  options: { headInputs?: boolean } = {},
): ActivationsAndGradients {
  graph.assertLayer(layer, 'saliency layer');
  return tf.tidy(() => {
    const cache = new Map<string, tf.Tensor>();
    const firstPass = graph.forward(x, { mode: 'infer', capture: [layer], returnAll: true });
    for (const [name, value] of firstPass) cache.set(name, value);
    const activations = cache.get(layer) as tf.Tensor4D;
    const classes = (cache.get(graph.outputName) as tf.Tensor2D).shape[1];
    const mask = tf.oneHot(targets, classes);
    const picked = (a: tf.Tensor) => {
      const logits = graph.forward(x, { mode: 'infer', replace: { name: layer, value: a }, cache }).get(graph.outputName)!;
      return tf.sum(tf.mul(logits, mask));
    };
    const gradients = tf.grad(picked)(activations) as tf.Tensor4D;
    const headInputs = !options.headInputs || graph.headInputName === null ? undefined : (cache.get(graph.headInputName) as tf.Tensor2D);
    return { activations, gradients, logits: cache.get(graph.outputName) as tf.Tensor2D, ...(headInputs ? { headInputs } : {}) };
  });
}
