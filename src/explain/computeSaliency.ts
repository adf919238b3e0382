import * as tf from '@tensorflow/tfjs';
import type { I2xConfig } from '../config/configSchema.js';
import type { ModelGraph } from '../models/ModelGraph.js';
import { gradCam, type SaliencyResult } from './gradCam.js';

type SaliencyConfig = I2xConfig['analysis']['saliency'];

/**
 * The saliency map of each sample at `layer` with the configured method and target class
 * ('label' = the true class, 'predicted' = the model's argmax, or a fixed class index).
 */
export function computeSaliency(model: tf.LayersModel, graph: ModelGraph, x: tf.Tensor4D, labels: tf.Tensor1D, layer: string, config: SaliencyConfig): SaliencyResult {
  const targets = tf.tidy(() => {
    if (config.target === 'label') return labels.clone();
    if (config.target === 'predicted') return tf.argMax(graph.forward(x, { mode: 'infer' }).get(graph.outputName)!, 1).toInt() as tf.Tensor1D;
    return tf.fill([x.shape[0]], config.target, 'int32') as tf.Tensor1D;
  });
  try {
    if (config.method === 'gradcam') return gradCam(graph, x, layer, targets);
    return lrpSaliency(model, graph, x, layer, targets, config.method);
  } finally {
    targets.dispose();
  }
}

function lrpSaliency(_model: tf.LayersModel, _graph: ModelGraph, _x: tf.Tensor4D, _layer: string, _targets: tf.Tensor1D, method: string): SaliencyResult {
  throw new Error(`saliency method ${method} is not wired yet`);
}
