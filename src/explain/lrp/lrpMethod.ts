import * as tf from '@tensorflow/tfjs';
import type { CompositeName } from '../../config/saliencyMethodNames.js';
import type { SaliencyMethod } from '../SaliencyMethod.js';
import { lrp } from './lrp.js';

/** An LRP composite as a saliency method: the relevance at the layer summed over channels (signed), with its conservation report. */
export function lrpMethod(composite: CompositeName): SaliencyMethod {
  return ({ graph, x, layer, targets, inputBounds }) => {
    const relevance = lrp(graph, x, targets.dataSync() as Int32Array, { composite, layers: [layer], ...inputBounds, printConservation: false });
    const [n, h, w] = relevance.layerShapes.get(layer)!;
    return {
      maps: tf.tensor3d(relevance.layers.get(layer)!, [n, h, w]),
      logits: tf.tidy(() => graph.forward(x, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D),
      conservation: relevance.conservation,
    };
  };
}
