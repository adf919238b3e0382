import * as tf from '@tensorflow/tfjs';
import { withWinograd } from '../backend/wasm/conv2dWasm.js';
import { I2xError } from '../util/I2xError.js';
import { batchNormTrain } from './batchNormTrain.js';
import { foldBatchNorm, type BatchNormParams } from './foldBatchNorm.js';

/** One layer of a functional model, with the names of the layers that feed it. */
export interface GraphNode {
  name: string;
  className: string;
  layer: tf.layers.Layer;
  inputs: string[];
}

/** The running-statistics update a training forward pass produces for one BatchNormalization layer. */
export interface BatchStatsUpdate {
  layer: string;
  mean: tf.Tensor1D;
  /** biased (divided by count) */
  variance: tf.Tensor1D;
  /** values per channel that the statistics were taken over (N*H*W) */
  count: number;
}

export type ForwardMode = 'train' | 'infer';

/** ModelGraph.forward's options (see there). */
export interface ForwardOptions {
  mode: ForwardMode;
  capture?: string[];
  replace?: { name: string; value: tf.Tensor };
  cache?: Map<string, tf.Tensor>;
  batchStats?: BatchStatsUpdate[];
  /** return every output computed (for use as a later `cache`), not only `capture` */
  returnAll?: boolean;
  /**
   * 'infer' mode with the direct convolution only, never Winograd: the numbers training and fine-tuning store with
   * their checkpoints (evaluation losses) stay those of the convolution training itself uses
   */
  directConvolution?: boolean;
}

/**
 * A functional tfjs-layers model as an ordered list of nodes that i2x executes itself. The LayersModel
 * stays the owner of the weights and of the saved format; this class runs it faster than `model.apply`
 * (closed-form BatchNorm gradient in training) and exposes every layer's output by its stable name.
 * Layer types it does not know run through their own `apply`.
 */
export class ModelGraph {
  readonly nodes: GraphNode[];
  readonly inputName: string;
  readonly outputName: string;
  /**
   * The layer whose output feeds the final dense layer (the "penultimate activations" [N, D], e.g. 'pool'),
   * or null when the model does not end in one Dense layer with a linear activation on a single input.
   */
  readonly headInputName: string | null;

  /** conv -> BatchNorm (-> ReLU) chains that inference runs as one fused convolution, keyed by the conv's name */
  private readonly foldable = new Map<string, { bn: GraphNode; relu?: GraphNode }>();

  private constructor(readonly model: tf.LayersModel, nodes: GraphNode[]) {
    this.nodes = nodes;
    this.inputName = nodes[0].name;
    this.outputName = model.outputs[0].sourceLayer.name;
    const output = nodes.find((n) => n.name === this.outputName);
    const linearDense = output !== undefined && output.className === 'Dense' && output.inputs.length === 1 && output.layer.getConfig().activation === 'linear';
    this.headInputName = linearDense ? output.inputs[0] : null;
    const consumers = new Map<string, GraphNode[]>();
    for (const node of nodes) for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
    const only = (name: string) => (consumers.get(name)?.length === 1 ? consumers.get(name)![0] : undefined);
    for (const node of nodes) {
      if (node.className !== 'Conv2D' || node.layer.getConfig().activation !== 'linear') continue;
      const bn = only(node.name);
      if (!bn || bn.className !== 'BatchNormalization' || !layerVariable(bn.layer, 'gamma') || !layerVariable(bn.layer, 'beta')) continue;
      const next = only(bn.name);
      const relu = next && (next.className === 'ReLU' || (next.className === 'Activation' && next.layer.getConfig().activation === 'relu')) ? next : undefined;
      this.foldable.set(node.name, { bn, relu });
    }
  }

  static fromModel(model: tf.LayersModel): ModelGraph {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      throw new I2xError('E_MODEL', `Model '${model.name}' has ${model.inputs.length} inputs and ${model.outputs.length} outputs; i2x needs one of each.`);
    }
    const nodes: GraphNode[] = model.layers.map((layer) => {
      const inbound = layer.inboundNodes[0];
      return { name: layer.name, className: layer.getClassName(), layer, inputs: inbound ? inbound.inboundLayers.map((l) => l.name) : [] };
    });
    return new ModelGraph(model, nodes);
  }

  layerNames(): string[] {
    return this.nodes.map((n) => n.name);
  }

  /** Throws an error listing the layer names when `name` is not one of them. */
  assertLayer(name: string, what = 'layer'): void {
    if (!this.nodes.some((n) => n.name === name)) {
      throw new I2xError('E_MODEL', `The ${what} '${name}' does not exist in model '${this.model.name}'; its layers are: ${this.layerNames().join(', ')}.`);
    }
  }

  /**
   * Runs the graph on `x` ([N, H, W, C], already normalised). Returns the outputs of the named `capture`
   * layers plus the final output under `outputName`. In 'train' mode, BatchNorm uses batch statistics and
   * reports them in `batchStats` (the caller applies the running-average update after the step).
   * `replace` substitutes a layer's output (used to differentiate with respect to an inner activation);
   * `cache` supplies already-computed outputs of layers that do not depend on the replaced one.
   * In 'infer' mode, fused 3x3 convolutions on wasm may run as Winograd (conv2dWasm.ts `withWinograd`); in
   * 'train' mode never, so training's results are those of the direct convolution.
   */
  forward(x: tf.Tensor, options: ForwardOptions): Map<string, tf.Tensor> {
    return options.mode === 'infer' && !options.directConvolution ? withWinograd(() => this.run(x, options)) : this.run(x, options);
  }

  private run(x: tf.Tensor, options: ForwardOptions): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    const dirty = new Set<string>();
    // In inference, conv -> BN (-> ReLU) runs as one fused convolution with the BN folded into its
    // weights, unless an intermediate output of the chain is asked for.
    const keep = new Set([...(options.capture ?? []), ...(options.replace ? [options.replace.name] : [])]);
    const folded = new Map<string, { conv: GraphNode; relu?: GraphNode }>();
    const skipped = new Set<string>();
    if (options.mode === 'infer') {
      for (const [convName, chain] of this.foldable) {
        if (keep.has(convName)) continue;
        const relu = chain.relu && !keep.has(chain.bn.name) ? chain.relu : undefined;
        folded.set(chain.bn.name, { conv: this.nodes.find((n) => n.name === convName)!, relu });
        skipped.add(convName);
        if (relu) skipped.add(relu.name);
      }
    }
    const startIndex = options.replace ? this.nodes.findIndex((n) => n.name === options.replace!.name) : -1;
    for (let i = 0; i < this.nodes.length; i++) {
      const node = this.nodes[i];
      if (options.replace && i <= startIndex) {
        if (node.name === options.replace.name) {
          values.set(node.name, options.replace.value);
          dirty.add(node.name);
        }
        continue;
      }
      if (options.replace && !node.inputs.some((n) => dirty.has(n))) {
        continue; // not downstream of the replaced layer: read from the cache when needed
      }
      if (skipped.has(node.name)) {
        if (options.replace) dirty.add(node.name);
        continue; // computed as part of a folded chain
      }
      const fold = folded.get(node.name);
      if (fold) {
        const input = values.get(fold.conv.inputs[0]) ?? options.cache?.get(fold.conv.inputs[0]) ?? missing(fold.conv.inputs[0], fold.conv.name);
        values.set(fold.relu ? fold.relu.name : node.name, foldedConv(fold.conv, node, input, fold.relu !== undefined));
        if (options.replace) dirty.add(node.name);
        continue;
      }
      const inputs = node.inputs.map((n) => values.get(n) ?? options.cache?.get(n) ?? missing(n, node.name));
      const out = i === 0 ? x : this.runNode(node, inputs, options.mode, options.batchStats);
      values.set(node.name, out);
      if (options.replace) dirty.add(node.name);
    }
    if (options.returnAll) {
      const all = new Map(values);
      all.set(this.outputName, values.get(this.outputName)!);
      return all;
    }
    const result = new Map<string, tf.Tensor>();
    for (const name of options.capture ?? []) {
      const value = values.get(name) ?? options.cache?.get(name);
      if (!value) this.assertLayer(name);
      result.set(name, value!);
    }
    result.set(this.outputName, values.get(this.outputName)!);
    return result;
  }

  private runNode(node: GraphNode, inputs: tf.Tensor[], mode: ForwardMode, batchStats?: BatchStatsUpdate[]): tf.Tensor {
    const config = node.layer.getConfig();
    const weight = (field: string) => layerVariable(node.layer, field);
    switch (node.className) {
      case 'Conv2D': {
        const kernel = weight('kernel') as tf.Tensor4D;
        const bias = weight('bias') as tf.Tensor1D | undefined;
        const activation = config.activation === 'relu' ? 'relu' : config.activation === 'linear' ? 'linear' : undefined;
        if (activation === undefined) break;
        if (!bias && activation === 'linear') {
          // tf.conv2d's gradient is lazy per input, so the input gradient of the first convolution (whose input
          // is the image) is never computed; tf.fused.conv2d differentiates through customGrad, which computes both.
          return tf.conv2d(inputs[0] as tf.Tensor4D, kernel, config.strides as [number, number], config.padding as 'same' | 'valid');
        }
        return tf.fused.conv2d({
          x: inputs[0] as tf.Tensor4D,
          filter: kernel,
          strides: config.strides as [number, number],
          pad: config.padding as 'same' | 'valid',
          bias,
          activation,
        });
      }
      case 'BatchNormalization': {
        const gamma = weight('gamma') as tf.Tensor1D;
        const beta = weight('beta') as tf.Tensor1D;
        const epsilon = config.epsilon as number;
        if (!gamma || !beta) break;
        if (mode === 'train') {
          const { y, mean, variance } = batchNormTrain(inputs[0], gamma, beta, epsilon);
          batchStats?.push({ layer: node.name, mean, variance, count: inputs[0].size / gamma.size });
          if (!batchStats) tf.dispose([mean, variance]);
          return y;
        }
        return tf.batchNorm(inputs[0], weight('movingMean') as tf.Tensor1D, weight('movingVariance') as tf.Tensor1D, beta, gamma, epsilon);
      }
      case 'Activation':
        if (config.activation === 'relu') return tf.relu(inputs[0]);
        if (config.activation === 'linear') return inputs[0];
        break;
      case 'ReLU':
        return tf.relu(inputs[0]);
      case 'Add':
        return inputs.length === 2 ? tf.add(inputs[0], inputs[1]) : tf.addN(inputs);
      case 'GlobalAveragePooling2D':
        return tf.mean(inputs[0], [1, 2]);
      case 'Dense': {
        if (config.activation !== 'linear') break;
        const kernel = weight('kernel') as tf.Tensor2D;
        const bias = weight('bias') as tf.Tensor1D | undefined;
        return tf.fused.matMul({ a: inputs[0] as tf.Tensor2D, b: kernel, bias });
      }
      case 'Flatten':
        return tf.reshape(inputs[0], [inputs[0].shape[0], -1]);
    }
    return node.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: mode === 'train' }) as tf.Tensor;
  }
}

/**
 * A layer's weight by the field tfjs-layers keeps it in (`kernel`, `bias`, `gamma`, `beta`, `movingMean`,
 * `movingVariance`): variable names are uniquified per process, field names are not.
 */
export function layerVariable(layer: tf.layers.Layer, field: string): tf.Variable | undefined {
  const holder = (layer as unknown as Record<string, { read(): tf.Variable } | null | undefined>)[field];
  return holder ? holder.read() : undefined;
}

/** A BatchNormalization layer's inference parameters (gamma or beta null when it does not scale or center). */
export function batchNormParams(bn: tf.layers.Layer): BatchNormParams {
  return {
    gamma: (layerVariable(bn, 'gamma') ?? null) as tf.Tensor1D | null,
    beta: (layerVariable(bn, 'beta') ?? null) as tf.Tensor1D | null,
    movingMean: layerVariable(bn, 'movingMean') as tf.Tensor1D,
    movingVariance: layerVariable(bn, 'movingVariance') as tf.Tensor1D,
    epsilon: bn.getConfig().epsilon as number,
  };
}

/** conv followed by inference BatchNorm (and ReLU) as one fused convolution with the BatchNorm folded into its weights. */
function foldedConv(conv: GraphNode, bn: GraphNode, x: tf.Tensor, relu: boolean): tf.Tensor {
  return tf.tidy(() => {
    const convConfig = conv.layer.getConfig();
    const folded = foldBatchNorm(layerVariable(conv.layer, 'kernel')!, (layerVariable(conv.layer, 'bias') ?? null) as tf.Tensor1D | null, batchNormParams(bn.layer));
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: folded.kernel as tf.Tensor4D,
      strides: convConfig.strides as [number, number],
      pad: convConfig.padding as 'same' | 'valid',
      dilations: convConfig.dilationRate as [number, number],
      bias: folded.bias,
      activation: relu ? 'relu' : 'linear',
    });
  });
}

function missing(input: string, node: string): never {
  throw new I2xError('E_MODEL', `Layer '${node}' needs the output of '${input}', which was neither computed nor cached.`);
}
