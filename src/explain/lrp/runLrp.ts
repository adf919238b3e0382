import * as tf from '@tensorflow/tfjs';
import { ModelGraph } from '../../models/ModelGraph.js';
import { log } from '../../util/log.js';
import { buildLrpPlan } from './buildLrpPlan.js';
import { resolveComposite } from './composites.js';
import type { ConservationEntry } from './ConservationEntry.js';
import { cutLayers } from './cutLayers.js';
import { formatConservation } from './formatConservation.js';
import type { LrpOptions } from './LrpOptions.js';
import type { LrpResult } from './LrpResult.js';
import { propagateRelevance } from './propagateRelevance.js';

/**
 * The shared body of `lrp` and `lrpFromOutputRelevance`: one inference forward pass that keeps every
 * layer's output, the output relevance chosen by `outputRelevance` (from the logits [N, classes]), the
 * backward pass, and the conservation report. The explained quantity of a sample is the sum of its
 * output relevance.
 */
export function runLrp(model: tf.LayersModel | ModelGraph, x: tf.Tensor4D, options: LrpOptions, outputRelevance: (logits: tf.Tensor2D) => tf.Tensor2D): LrpResult {
  const graph = model instanceof ModelGraph ? model : ModelGraph.fromModel(model);
  const requested = options.layers ?? [];
  for (const name of requested) graph.assertLayer(name, 'LRP layer');
  const plan = buildLrpPlan(graph, resolveComposite(options.composite, options));
  const resolve = (name: string) => plan.aliases.get(name) ?? name;
  const cuts = cutLayers(graph).filter((name) => !plan.aliases.has(name));
  const tensors: tf.Tensor[] = [];
  let activations: Record<string, tf.Tensor> = {};
  try {
    activations = tf.tidy(() => Object.fromEntries(graph.forward(x, { mode: 'infer', capture: graph.layerNames() })));
    const initial = tf.tidy(() => outputRelevance(activations[graph.outputName] as tf.Tensor2D));
    const explained = tf.sum(initial, 1);
    tensors.push(initial, explained);
    const { captured, sums } = propagateRelevance(plan, activations, graph.outputName, graph.inputName, initial, {
      capture: new Set([graph.inputName, ...requested.map(resolve)]),
      sum: new Set(cuts),
    });
    tensors.push(...captured.values(), ...sums.values());

    const [n, h, w] = x.shape;
    const layers = new Map<string, Float32Array>();
    const layerShapes = new Map<string, [number, number, number]>();
    for (const name of requested) {
      const { data, shape } = channelSum(captured.get(resolve(name))!);
      layers.set(name, data);
      layerShapes.set(name, shape);
    }
    const explainedValues = explained.dataSync();
    const conservation = cuts.map((layer) => conservationEntry(layer, sums.get(layer)!.dataSync(), explainedValues));
    if (options.printConservation !== false) log(formatConservation(options.composite, conservation));
    return { input: channelSum(captured.get(graph.inputName)!).data, inputShape: [n, h, w], layers, layerShapes, conservation };
  } finally {
    tf.dispose(tensors);
    tf.dispose(Object.values(activations).filter((t) => t !== x));
    plan.dispose();
  }
}

/** [N, h, w, C] -> [N, h, w]; [N, C] -> [N, 1, 1] */
function channelSum(relevance: tf.Tensor): { data: Float32Array; shape: [number, number, number] } {
  const summed = tf.sum(relevance, relevance.rank - 1);
  const [n, h, w] = relevance.rank === 4 ? relevance.shape : [relevance.shape[0], 1, 1];
  const data = summed.dataSync() as Float32Array;
  summed.dispose();
  return { data, shape: [n, h, w] };
}

function conservationEntry(layer: string, sums: ArrayLike<number>, explained: ArrayLike<number>): ConservationEntry {
  const n = explained.length;
  let relevanceSum = 0;
  let logit = 0;
  let absError = 0;
  let absLogit = 0;
  for (let i = 0; i < n; i++) {
    relevanceSum += sums[i] / n;
    logit += explained[i] / n;
    absError += Math.abs(sums[i] - explained[i]) / n;
    absLogit += Math.abs(explained[i]) / n;
  }
  const deviation = absLogit > 0 ? absError / absLogit : absError > 0 ? Infinity : 0;
  return { layer, relevanceSum, logit, deviation };
}
