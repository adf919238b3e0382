import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../../util/I2xError.js';
import { checkStateDictFits } from './checkStateDictFits.js';
import type { TorchTensor } from './readSafetensors.js';
import { torchResNetLayout, type TorchLayoutNode } from './torchResNetLayout.js';
import { isTorchResNetArch, TORCH_RESNET_ARCHS, TORCH_RESNET_SPECS, type TorchResNetArch } from './torchResNetSpecs.js';
import { withoutWrapperPrefix } from './withoutWrapperPrefix.js';

export interface BuildTorchResNetOptions {
  arch: TorchResNetArch;
  /** the checkpoint's state_dict, PyTorch layouts (OIHW kernels, [out, in] Linear weights) */
  tensors: Map<string, TorchTensor>;
  /** [H, W, C]: i2x models take NHWC images */
  inputShape: [number, number, number];
  /** the checkpoint's path, for messages */
  source: string;
}

/** PyTorch's BatchNorm2d default; momentum 0.1 there is 0.9 here (as buildResNet). */
const BN = { momentum: 0.9, epsilon: 1e-5 };

/**
 * A tfjs model that computes what the PyTorch ResNet of `arch` computes with the checkpoint's weights, in
 * eval mode, on NHWC images. The state_dict (less a DataParallel `module.` or torch.compile `_orig_mod.` prefix
 * on every key) must fit the layout exactly (checkStateDictFits). Kernels are
 * OIHW -> HWIO, Linear weights transposed, BatchNorm gets the running statistics and eps 1e-5. PyTorch pads
 * a k x k convolution by (k-1)/2 on every side; TensorFlow's 'same' pads stride-2 convolutions of even inputs
 * by one more after than before, so those (and the stem's max-pool) get an explicit ZeroPadding2D
 * (`<name>_pad`) and 'valid'. Zero padding the max-pool is exact because its input is a ReLU's (>= 0), where
 * PyTorch pads with -inf. Layer names follow buildResNet, so `stage{s}_block{b}_out` is a block's output.
 */
export function buildTorchResNet(options: BuildTorchResNetOptions): tf.LayersModel {
  const { arch, inputShape, source } = options;
  const tensors = withoutWrapperPrefix(options.tensors);
  if (!isTorchResNetArch(arch)) throw new I2xError('E_MODEL', `Unknown PyTorch architecture '${arch}'; accepted: ${TORCH_RESNET_ARCHS.join(', ')}.`);
  const layout = torchResNetLayout(TORCH_RESNET_SPECS[arch], tensors, inputShape[2]);
  checkStateDictFits(tensors, layout.expected, arch, source);

  const input = tf.input({ shape: inputShape, name: 'input' });
  const outputs = new Map<string, tf.SymbolicTensor>([['input', input]]);
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const padded = (node: TorchLayoutNode & { input: string }, pad: number) => {
    const x = outputs.get(node.input)!;
    return pad > 0 ? apply(tf.layers.zeroPadding2d({ padding: pad, name: `${node.name}_pad` }), x) : x;
  };
  for (const node of layout.nodes) {
    let y: tf.SymbolicTensor;
    switch (node.kind) {
      case 'conv': {
        const explicit = node.stride > 1 && node.kernel > 1;
        const layer = tf.layers.conv2d({
          filters: node.filters,
          kernelSize: node.kernel,
          strides: node.stride,
          // stride 1, odd k: 'same' pads (k-1)/2 on both sides, as PyTorch; a 1x1 convolution pads nothing
          padding: explicit || node.kernel === 1 ? 'valid' : 'same',
          useBias: false,
          kernelInitializer: 'zeros',
          name: node.name,
        });
        y = apply(layer, explicit ? padded(node, (node.kernel - 1) / 2) : outputs.get(node.input)!);
        break;
      }
      case 'bn':
        y = apply(tf.layers.batchNormalization({ ...BN, name: node.name }), outputs.get(node.input)!);
        break;
      case 'relu':
        y = apply(tf.layers.activation({ activation: 'relu', name: node.name }), outputs.get(node.input)!);
        break;
      case 'maxpool':
        y = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: node.name }), padded(node, 1));
        break;
      case 'add':
        y = apply(tf.layers.add({ name: node.name }), node.inputs.map((n) => outputs.get(n)!));
        break;
      case 'gap':
        y = apply(tf.layers.globalAveragePooling2d({ name: node.name }), outputs.get(node.input)!);
        break;
      case 'linear':
        y = apply(tf.layers.dense({ units: node.units, kernelInitializer: 'zeros', name: node.name }), outputs.get(node.input)!);
        break;
    }
    outputs.set(node.name, y);
  }
  const model = tf.model({ inputs: input, outputs: outputs.get('logits')!, name: arch.replace(/-/g, '_') });
  try {
    for (const node of layout.nodes) setWeights(model, node, tensors);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** Copies one module's parameters into its layer, converting PyTorch's layouts to tfjs's. */
function setWeights(model: tf.LayersModel, node: TorchLayoutNode, tensors: Map<string, TorchTensor>): void {
  const get = (key: string) => tensors.get(key)!;
  tf.tidy(() => {
    if (node.kind === 'conv') {
      const w = get(`${node.torch}.weight`);
      model.getLayer(node.name).setWeights([tf.tensor4d(w.values, w.shape as [number, number, number, number]).transpose([2, 3, 1, 0])]);
    } else if (node.kind === 'bn') {
      const v = (p: string) => tf.tensor1d(get(`${node.torch}.${p}`).values);
      model.getLayer(node.name).setWeights([v('weight'), v('bias'), v('running_mean'), v('running_var')]);
    } else if (node.kind === 'linear') {
      const w = get(`${node.torch}.weight`);
      model.getLayer(node.name).setWeights([tf.tensor2d(w.values, w.shape as [number, number]).transpose(), tf.tensor1d(get(`${node.torch}.bias`).values)]);
    }
  });
}
