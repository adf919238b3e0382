import * as tf from '@tensorflow/tfjs';
import type { CompositeName } from '../../config/saliencyMethodNames.js';
import type { SaliencyMethod } from '../SaliencyMethod.js';
import { lrp } from './lrp.js';

/** An LRP composite as a saliency method: the relevance at the layer summed over channels (signed), with its conservation report. */
export function lrpMethod(composite: CompositeName): SaliencyMethod {
  return ({ graph, x, layer, targets, inputBounds, headInputs: withHeadInputs }) => {
    const relevance = lrp(graph, x, targets.dataSync() as Int32Array, { composite, layers: [layer], ...inputBounds, printConservation: false });
    const [n, h, w] = relevance.layerShapes.get(layer)!;
    const head = withHeadInputs ? graph.headInputName : null;
    const outputs = tf.tidy(() => {
      const out = graph.forward(x, { mode: 'infer', capture: head === null ? [] : [head] });
      return { logits: out.get(graph.outputName) as tf.Tensor2D, headInputs: head === null ? undefined : (out.get(head) as tf.Tensor2D) };
    });
    return {
      maps: tf.tensor3d(relevance.layers.get(layer)!, [n, h, w]),
      logits: outputs.logits,
      ...(outputs.headInputs ? { headInputs: outputs.headInputs } : {}),
      conservation: relevance.conservation,
    };
  };
}
