import * as tf from '@tensorflow/tfjs';
import { foldBatchNorm } from '../../models/foldBatchNorm.js';
import { batchNormParams, layerVariable, type GraphNode, type ModelGraph } from '../../models/ModelGraph.js';
import { I2xError } from '../../util/I2xError.js';
import type { Composite, LinearKind } from './composites.js';
import type { LinearLayer } from './LinearLayer.js';
import { convLayer, denseLayer, globalAveragePoolLayer } from './linearLayers.js';
import type { LrpRule } from './LrpRule.js';
import { cropPadding } from './rules/cropPadding.js';
import { winnerTakeAll } from './rules/winnerTakeAll.js';

/** One backward step of LRP: how the relevance of `output` goes to the outputs of the layers feeding it. */
export type LrpStep =
  | { kind: 'linear'; output: string; input: string; layer: LinearLayer; rule: LrpRule }
  /** element-wise or reshaping layers (ReLU, Flatten, Dropout): relevance passes on unchanged */
  | { kind: 'pass'; output: string; input: string }
  /** a residual Add: the Norm rule */
  | { kind: 'sum'; output: string; inputs: string[] }
  /** a layer that moves values without weights (ZeroPadding2D, MaxPooling2D): `route(x, R_out)` is the input's relevance */
  | { kind: 'route'; output: string; input: string; route: (x: tf.Tensor, relevance: tf.Tensor) => tf.Tensor };

export interface LrpPlan {
  /** in the graph's topological order; LRP runs them backwards */
  steps: LrpStep[];
  /** a layer folded into a later step (a convolution into its BatchNorm) -> that step's output */
  aliases: Map<string, string>;
  /** releases the tensors the plan made (merged weights, pooling kernels) */
  dispose(): void;
}

const SUPPORTED = "Conv2D (+ BatchNormalization), Dense, GlobalAveragePooling2D, MaxPooling2D (padding 'valid'), ZeroPadding2D, Add, ReLU, Activation(relu|linear), Flatten, Dropout";

/**
 * Turns a ModelGraph into LRP steps with the composite's rule on every linear layer. A BatchNormalization
 * that is the only consumer of a linear convolution or dense layer is merged into it (moving statistics,
 * inference mode); the first convolution or dense layer (of the composite's `firstKinds`) gets its `first` rule.
 * ZeroPadding2D crops the padding off the relevance (rules/cropPadding.ts); MaxPooling2D is winner take all,
 * ties to the first cell in window order (rules/winnerTakeAll.ts). Neither has a rule of the composite.
 */
export function buildLrpPlan(graph: ModelGraph, composite: Composite): LrpPlan {
  const consumers = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
  const owned: tf.Tensor[] = [];
  const steps: LrpStep[] = [];
  const aliases = new Map<string, string>();
  const merged = new Set<string>();
  let firstTaken = false;
  const ruleFor = (kind: LinearKind): LrpRule => {
    if (!firstTaken && composite.firstKinds.includes(kind)) {
      firstTaken = true;
      return composite.first;
    }
    return composite[kind];
  };
  const unsupported = (node: GraphNode, why: string): never => {
    tf.dispose(owned);
    throw new I2xError('E_MODEL', `LRP cannot explain layer '${node.name}' (${node.className}) of model '${graph.model.name}': ${why}. Supported: ${SUPPORTED}.`);
  };

  for (const node of graph.nodes.slice(1)) {
    const config = node.layer.getConfig();
    const activation = config.activation as string | undefined;
    const input = node.inputs[0];
    switch (node.className) {
      case 'Conv2D':
      case 'Dense': {
        const kind: LinearKind = node.className === 'Conv2D' ? 'conv' : 'dense';
        if (activation !== 'relu' && activation !== 'linear') unsupported(node, `activation '${activation}' (only relu or linear)`);
        if (kind === 'conv' && (config.dataFormat !== 'channelsLast' || [config.dilationRate].flat().some((d) => d !== 1))) unsupported(node, 'only channels-last, undilated convolutions');
        if (kind === 'dense' && (node.layer.input as tf.SymbolicTensor).shape.length !== 2) unsupported(node, 'a dense layer needs a [N, features] input');
        let kernel: tf.Tensor = layerVariable(node.layer, 'kernel')!;
        let bias = (layerVariable(node.layer, 'bias') ?? null) as tf.Tensor1D | null;
        let output = node.name;
        const next = consumers.get(node.name) ?? [];
        if (activation === 'linear' && next.length === 1 && next[0].className === 'BatchNormalization') {
          const bn = next[0];
          const bnConfig = bn.layer.getConfig();
          if (bnConfig.axis !== -1 && bnConfig.axis !== kernel.rank - 1) unsupported(bn, `normalises axis ${bnConfig.axis}, not the channels`);
          const folded = foldBatchNorm(kernel, bias, batchNormParams(bn.layer));
          [kernel, bias] = [folded.kernel, folded.bias];
          owned.push(kernel, bias);
          merged.add(bn.name);
          aliases.set(node.name, bn.name);
          output = bn.name;
        }
        const layer =
          kind === 'conv'
            ? convLayer(kernel as tf.Tensor4D, bias, config.strides as [number, number], config.padding as 'same' | 'valid')
            : denseLayer(kernel as tf.Tensor2D, bias);
        steps.push({ kind: 'linear', output, input, layer, rule: ruleFor(kind) });
        break;
      }
      case 'BatchNormalization':
        if (!merged.has(node.name)) unsupported(node, 'a BatchNormalization must directly follow a linear convolution or dense layer that feeds nothing else');
        break;
      case 'GlobalAveragePooling2D': {
        const [, h, w] = (node.layer.input as tf.SymbolicTensor).shape as number[];
        if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') unsupported(node, 'only channels-last pooling');
        const kernel = tf.scalar(1 / (h * w));
        owned.push(kernel);
        steps.push({ kind: 'linear', output: node.name, input, layer: globalAveragePoolLayer(kernel), rule: composite.pool });
        break;
      }
      case 'ZeroPadding2D':
        if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') unsupported(node, 'only channels-last padding');
        steps.push({ kind: 'route', output: node.name, input, route: cropPadding(config.padding as [[number, number], [number, number]]) });
        break;
      case 'MaxPooling2D':
        if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') unsupported(node, 'only channels-last pooling');
        if (config.padding !== 'valid') unsupported(node, `padding '${config.padding}' (only 'valid'; pad explicitly with a ZeroPadding2D before it)`);
        steps.push({ kind: 'route', output: node.name, input, route: winnerTakeAll(config.poolSize as [number, number], (config.strides ?? config.poolSize) as [number, number]) });
        break;
      case 'Activation':
        if (activation !== 'relu' && activation !== 'linear') unsupported(node, `activation '${activation}' (only relu or linear)`);
        steps.push({ kind: 'pass', output: node.name, input });
        break;
      case 'ReLU':
      case 'Flatten':
      case 'Dropout':
        steps.push({ kind: 'pass', output: node.name, input });
        break;
      case 'Add':
        steps.push({ kind: 'sum', output: node.name, inputs: node.inputs });
        break;
      default:
        unsupported(node, 'no LRP rule for this layer type');
    }
  }
  return { steps, aliases, dispose: () => tf.dispose(owned) };
}
