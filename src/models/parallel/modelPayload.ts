import type * as tf from '@tensorflow/tfjs';
import type { ModelPayload } from './workerProtocol.js';

/** What workers need to rebuild `model`: its topology and a copy of its weights, in `model.getWeights()` order. */
export function modelPayload(model: tf.LayersModel): ModelPayload {
  return {
    modelJson: model.toJSON(null, false) as object,
    weights: model.getWeights().map((t) => (t.dataSync() as Float32Array).slice()),
  };
}
