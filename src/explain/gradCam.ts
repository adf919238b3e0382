import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../models/ModelGraph.js';
import { activationsAndGradients } from './activationsAndGradients.js';

export interface SaliencyResult {
  /** [N, h, w] raw (unnormalised) saliency at the target layer's resolution */
  maps: tf.Tensor3D;
  /** [N, classes] logits of the same forward pass, so confidences come for free */
  logits: tf.Tensor2D;
}

/**
 * Grad-CAM (Selvaraju et al. 2017): channel weights are the spatial mean of the target logit's gradient,
 * the map is ReLU(sum_c weight_c * A_c). Maps are returned raw: any normalisation is the caller's,
 * explicit choice, because per-image min-max scaling makes intensities incomparable across checkpoints.
 */
export function gradCam(graph: ModelGraph, x: tf.Tensor4D, layer: string, targets: tf.Tensor1D): SaliencyResult {
  const { activations, gradients, logits } = activationsAndGradients(graph, x, layer, targets);
  const maps = tf.tidy(() => {
    const weights = tf.mean(gradients, [1, 2], true);
    return tf.relu(tf.sum(tf.mul(weights, activations), 3)) as tf.Tensor3D;
  });
  tf.dispose([activations, gradients]);
  return { maps, logits };
}
