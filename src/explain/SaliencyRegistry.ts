import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../models/ModelGraph.js';
import { I2xError } from '../util/I2xError.js';
import type { SaliencyMethod, SaliencyResult } from './SaliencyMethod.js';
import { saliencyTargets, type SaliencyTarget } from './saliencyTargets.js';

/** One batch to explain, as both the in-thread path and a worker thread ask for it. */
export interface SaliencyRequest {
  graph: ModelGraph;
  /** [N, H, W, C], normalised */
  x: tf.Tensor4D;
  layer: string;
  /** a name in the registry */
  method: string;
  target: SaliencyTarget;
  /** [N]; needed for target 'label' */
  labels?: tf.Tensor1D | Int32Array;
  /** per-channel bounds of the normalised input (LRP's EpsilonGammaBox) */
  inputBounds?: { low: number[]; high: number[] };
  /** also return `headInputs`, the final dense layer's input [N, D] (refused for a model without one) */
  headInputs?: boolean;
}

/**
 * Saliency methods by name. `moduleUrl` is the module that exports this registry as `saliencyMethods`
 * (its `import.meta.url`): a worker thread imports that module to run the same methods, so every method
 * of a registry runs in this thread and on workers alike (runSaliencyParallel).
 */
export class SaliencyRegistry<Name extends string = string> {
  constructor(
    readonly moduleUrl: string,
    private readonly methods: Readonly<Record<Name, SaliencyMethod>>,
  ) {}

  get names(): Name[] {
    return Object.keys(this.methods) as Name[];
  }

  /** The method called `name`; an error listing the registered names if there is none. */
  method(name: string): SaliencyMethod {
    if (!Object.hasOwn(this.methods, name)) {
      throw new I2xError('E_CONFIG', `Unknown saliency method '${name}'; accepted: ${this.names.join(', ')}.`);
    }
    return this.methods[name as Name];
  }

  /** This registry's methods plus `extra`, as a registry exported as `saliencyMethods` by the module at `moduleUrl`. */
  extend<Extra extends string>(moduleUrl: string, extra: Readonly<Record<Extra, SaliencyMethod>>): SaliencyRegistry<Name | Extra> {
    return new SaliencyRegistry<Name | Extra>(moduleUrl, { ...this.methods, ...extra } as Record<Name | Extra, SaliencyMethod>);
  }

  /** The maps of `request.method` for the request's targets, with the logits of the same input. The caller disposes the tensors. */
  compute(request: SaliencyRequest): SaliencyResult {
    const method = this.method(request.method);
    const { graph, x } = request;
    if (request.headInputs && graph.headInputName === null) {
      throw new I2xError('E_MODEL', `Model '${graph.model.name}' does not end in one linear Dense layer, so it has no penultimate activations to return (headInputs); its output layer is '${graph.outputName}'.`);
    }
    const targets = saliencyTargets(graph, x, request.target, request.labels);
    let result: SaliencyResult;
    try {
      result = method({ graph, x, layer: request.layer, targets, inputBounds: request.inputBounds, headInputs: request.headInputs });
    } finally {
      targets.dispose();
    }
    if (request.headInputs && result.headInputs === undefined) {
      // a method that does not keep them: one more forward pass
      const head = graph.headInputName!;
      result.headInputs = tf.tidy(() => graph.forward(x, { mode: 'infer', capture: [head] }).get(head) as tf.Tensor2D);
    }
    return result;
  }
}
