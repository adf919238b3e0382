import * as tf from '@tensorflow/tfjs';
import { activationsAndGradients, type ActivationsAndGradients } from './activationsAndGradients.js';
import type { SaliencyMethod } from './SaliencyMethod.js';

/** What makes one CAM method differ from another: channel weights [N, 1, 1, C] from the layer's activations and gradients. */
export type CamWeighting = (pass: ActivationsAndGradients) => tf.Tensor4D;

/**
 * A class activation map method from its weighting (pytorch-grad-cam's base_cam): the forward and
 * backward pass are shared (activationsAndGradients), the map is ReLU(sum_c weight_c * A_c) at the layer.
 */
export function camMethod(weighting: CamWeighting): SaliencyMethod {
  return ({ graph, x, layer, targets, headInputs }) => {
    const pass = activationsAndGradients(graph, x, layer, targets, { headInputs });
    const maps = tf.tidy(() => tf.relu(tf.sum(tf.mul(weighting(pass), pass.activations), 3)) as tf.Tensor3D);
    tf.dispose([pass.activations, pass.gradients]);
    return { maps, logits: pass.logits, ...(pass.headInputs ? { headInputs: pass.headInputs } : {}) };
  };
}
