import type * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../models/ModelGraph.js';
import type { ConservationEntry } from './lrp/ConservationEntry.js';

/** What every saliency method gets: the model, a batch, the layer to explain and each sample's class. */
export interface SaliencyInput {
  graph: ModelGraph;
  /** [N, H, W, C], normalised */
  x: tf.Tensor4D;
  /** the layer whose maps are returned */
  layer: string;
  /** [N] int32: the class explained for each sample */
  targets: tf.Tensor1D;
  /** per-channel bounds of the normalised input; needed by LRP's EpsilonGammaBox (its ZBox rule) */
  inputBounds?: { low: number[]; high: number[] };
  /** also return the final dense layer's input of the same pass (`headInputs`), when the model has one */
  headInputs?: boolean;
}

export interface SaliencyResult {
  /** [N, h, w] raw (unnormalised) saliency at the target layer's resolution */
  maps: tf.Tensor3D;
  /** [N, classes] logits of the same input, so confidences come for free */
  logits: tf.Tensor2D;
  /**
   * [N, D] the input of the model's final dense layer (graph.headInputName) in the same pass, when asked for
   * (`headInputs: true`) and the method has it at hand; SaliencyRegistry.compute fills it in otherwise
   * (TracIn's penultimate activations)
   */
  headInputs?: tf.Tensor2D;
  /** LRP only: how much of the explained logit the relevance still accounts for at each cut layer */
  conservation?: ConservationEntry[];
}

/**
 * A saliency method as the registry (saliencyMethods.ts) holds it. The caller disposes the returned tensors;
 * the method leaves nothing else behind.
 */
export type SaliencyMethod = (input: SaliencyInput) => SaliencyResult;
