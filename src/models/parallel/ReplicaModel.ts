import * as tf from '@tensorflow/tfjs';
import { ModelGraph } from '../ModelGraph.js';
import { I2xError } from '../../util/I2xError.js';
import type { ModelPayload } from './workerProtocol.js';

/** A model rebuilt inside a worker from its topology and weights, with the graph that runs it. */
export class ReplicaModel {
  private constructor(readonly model: tf.LayersModel, readonly graph: ModelGraph) {}

  static async fromPayload(payload: ModelPayload): Promise<ReplicaModel> {
    const topology = typeof payload.modelJson === 'string' ? JSON.parse(payload.modelJson) : payload.modelJson;
    const model = await tf.models.modelFromJSON({ modelTopology: topology });
    const replica = new ReplicaModel(model, ModelGraph.fromModel(model));
    replica.setWeights(payload.weights);
    return replica;
  }

  /** Weights in `model.getWeights()` order; sizes must match the topology. */
  setWeights(weights: Float32Array[]): void {
    const variables = this.model.weights;
    if (weights.length !== variables.length) {
      throw new I2xError('E_MODEL', `Model '${this.model.name}' has ${variables.length} weights, but ${weights.length} arrays were sent; send model.getWeights() of the same architecture.`);
    }
    const tensors = variables.map((v, i) => {
      const shape = v.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      if (weights[i].length !== size) {
        throw new I2xError('E_MODEL', `Weight ${i} ('${v.originalName}') of model '${this.model.name}' has shape [${shape}] (${size} values), but ${weights[i].length} values were sent.`);
      }
      return tf.tensor(weights[i], shape);
    });
    this.model.setWeights(tensors);
    tf.dispose(tensors);
  }

  /** Copies of the weights in `model.getWeights()` order (fresh buffers, safe to transfer). */
  getWeights(): Float32Array[] {
    return this.model.getWeights().map((t) => (t.dataSync() as Float32Array).slice());
  }

  dispose(): void {
    this.model.dispose();
  }
}
