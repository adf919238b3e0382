import type * as tf from '@tensorflow/tfjs';
import { layerVariable, type GraphNode, type ModelGraph } from '../../models/ModelGraph.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { I2xError } from '../../util/I2xError.js';
import { mapSimilarity, type MapSimilarity } from './mapSimilarity.js';
import { methodMaps, type MapRequest } from './methodMaps.js';
import { reinitialisedWeight } from './reinitialisedWeight.js';

const FIELDS: Readonly<Record<string, readonly string[]>> = {
  Conv2D: ['kernel', 'bias'],
  Dense: ['kernel', 'bias'],
  BatchNormalization: ['gamma', 'beta', 'movingMean', 'movingVariance'],
};

/** One step of the cascade: the layers re-initialised at it (with those of every earlier step) and the similarity to the original maps. */
export interface RandomisationStep {
  /** a Conv2D or Dense layer, with the BatchNormalization that directly follows a convolution */
  layers: string[];
  /** mean over the samples of Spearman(|original|, |randomised|) */
  spearman: number;
  /** mean over the samples of SSIM(|original|, |randomised|) */
  ssim: number;
  perSample: MapSimilarity;
}

export interface CascadingRandomisationOptions extends MapRequest {
  /** the run's seed; each weight is drawn with derivedSeed(seed, 'mprt/<layer>/<field>', 0) */
  seed: number;
  /** how many samples (the first ones) keep their map of every step in `exampleMaps`; default 1 */
  examples?: number;
  /** a weight's new value; default reinitialisedWeight (He-normal kernels, zero biases, identity BatchNorm) */
  reinitialise?: (field: string, shape: number[], seed: number, layer: string) => tf.Tensor;
}

export interface CascadingRandomisation {
  height: number;
  width: number;
  steps: RandomisationStep[];
  /** the number of samples in exampleMaps (`examples`, at most the samples) */
  examples: number;
  /** [steps + 1, examples, h, w]: the first samples' maps, first of the trained model, then after each step */
  exampleMaps: Float32Array;
}

/**
 * The layers with weights, output layer first, grouped as the cascade re-initialises them: a convolution
 * and the BatchNormalization that reads it are one step, every other Conv2D, Dense or BatchNormalization
 * its own. A layer with weights of another kind is an error (its re-initialisation is unknown).
 */
export function randomisationOrder(graph: ModelGraph): GraphNode[][] {
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  const grouped = new Set<string>();
  const steps: GraphNode[][] = [];
  for (const node of [...graph.nodes].reverse()) {
    if (node.layer.weights.length === 0 || grouped.has(node.name)) continue;
    if (!FIELDS[node.className]) {
      throw new I2xError('E_MODEL', `The parameter randomisation test cannot re-initialise layer '${node.name}' (${node.className}); it knows Conv2D, Dense and BatchNormalization.`);
    }
    const source = node.inputs.length === 1 ? byName.get(node.inputs[0]) : undefined;
    if (node.className === 'BatchNormalization' && source?.className === 'Conv2D') {
      grouped.add(source.name);
      steps.push([source, node]);
    } else {
      steps.push([node]);
    }
  }
  return steps;
}

/**
 * The model parameter randomisation test (Adebayo et al. 2018), cascading: the layers are re-initialised
 * from the output layer down, cumulatively, and after each step the method's maps of the same samples and
 * classes are compared with the trained model's (Spearman and SSIM of the absolute maps, mean over samples).
 * A method that explains the model loses similarity as its layers are randomised; one that stays alike
 * explains the input or the architecture instead. The model's weights are restored before it returns, also
 * when it throws; no tensor is left behind.
 */
export function cascadingRandomisation(options: CascadingRandomisationOptions): CascadingRandomisation {
  const reinitialise = options.reinitialise ?? ((field: string, shape: number[], seed: number) => reinitialisedWeight(field, shape, seed));
  const original = methodMaps(options);
  const { height, width } = original;
  const examples = Math.min(original.n, Math.max(0, options.examples ?? 1));
  const kept = examples * height * width;
  const order = randomisationOrder(options.graph);
  const exampleMaps = new Float32Array((order.length + 1) * kept);
  exampleMaps.set(original.maps.subarray(0, kept));
  const saved: Array<{ variable: tf.Variable; value: tf.Tensor }> = [];
  const steps: RandomisationStep[] = [];
  try {
    for (const [k, step] of order.entries()) {
      for (const node of step) {
        for (const field of FIELDS[node.className]) {
          const variable = layerVariable(node.layer, field);
          if (!variable) continue;
          const value = reinitialise(field, variable.shape, derivedSeed(options.seed, `mprt/${node.name}/${field}`, 0), node.name);
          try {
            saved.push({ variable, value: variable.clone() });
            variable.assign(value);
          } finally {
            value.dispose();
          }
        }
      }
      const randomised = methodMaps(options);
      const similarity = mapSimilarity(original.maps, randomised.maps, original);
      exampleMaps.set(randomised.maps.subarray(0, kept), (k + 1) * kept);
      steps.push({ layers: step.map((node) => node.name), spearman: similarity.meanSpearman, ssim: similarity.meanSsim, perSample: similarity });
    }
  } finally {
    for (const { variable, value } of saved.reverse()) {
      variable.assign(value);
      value.dispose();
    }
  }
  return { height, width, steps, examples, exampleMaps };
}
