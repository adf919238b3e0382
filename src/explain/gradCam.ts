import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../models/ModelGraph.js';
import { camMethod, type CamWeighting } from './classActivationMap.js';
import type { SaliencyResult } from './SaliencyMethod.js';

/**
 * Grad-CAM's weighting (Selvaraju et al. 2017): each channel's weight is the spatial mean of the target
 * logit's gradient. Maps are returned raw: any normalisation is the caller's, explicit choice, because
 * per-image min-max scaling makes intensities incomparable across checkpoints.
 */
export const gradCamWeights: CamWeighting = ({ gradients }) => tf.mean(gradients, [1, 2], true) as tf.Tensor4D;

const gradCamMethod = camMethod(gradCamWeights);

/** Grad-CAM maps [N, h, w] at `layer` for the classes `targets` [N], and the logits of the same pass. */
export function gradCam(graph: ModelGraph, x: tf.Tensor4D, layer: string, targets: tf.Tensor1D): SaliencyResult {
  return gradCamMethod({ graph, x, layer, targets });
}
