import * as tf from '@tensorflow/tfjs';
import type { I2xConfig } from '../config/configSchema.js';
import type { ModelGraph } from '../models/ModelGraph.js';
import { gradCam, type SaliencyResult } from './gradCam.js';
import type { ConservationEntry } from './lrp/ConservationEntry.js';
import { lrp } from './lrp/lrp.js';
import type { LrpOptions } from './lrp/LrpOptions.js';

type SaliencyConfig = I2xConfig['analysis']['saliency'];

/**
 * The saliency map of each sample at `layer` with the configured method (Grad-CAM, or an LRP composite's
 * relevance at that layer summed over channels) and target class ('label' = the true class,
 * 'predicted' = the model's argmax, or a fixed class index), with the logits of the same input.
 */
export function computeSaliency(
  graph: ModelGraph,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  layer: string,
  config: SaliencyConfig,
  /** per-channel bounds of the normalised input (for EpsilonGammaBox's ZBox rule) */
  inputBounds: { low: number[]; high: number[] },
): SaliencyResult & { conservation?: ConservationEntry[] } {
  const targets = tf.tidy(() => {
    if (config.target === 'label') return labels.clone();
    if (config.target === 'predicted') return tf.argMax(graph.forward(x, { mode: 'infer' }).get(graph.outputName)!, 1).toInt() as tf.Tensor1D;
    return tf.fill([x.shape[0]], config.target, 'int32') as tf.Tensor1D;
  });
  try {
    if (config.method === 'gradcam') return gradCam(graph, x, layer, targets);
    const composite = config.method.replace(/^lrp-/, '') as LrpOptions['composite'];
    const relevance = lrp(graph, x, targets.dataSync() as Int32Array, { composite, layers: [layer], ...inputBounds, printConservation: false });
    const [n, h, w] = relevance.layerShapes.get(layer)!;
    return {
      maps: tf.tensor3d(relevance.layers.get(layer)!, [n, h, w]),
      logits: tf.tidy(() => graph.forward(x, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D),
      conservation: relevance.conservation,
    };
  } finally {
    targets.dispose();
  }
}
