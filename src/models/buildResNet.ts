import * as tf from '@tensorflow/tfjs';
import { derivedSeed } from '../util/derivedSeed.js';
import { I2xError } from '../util/I2xError.js';
import { RESNET_ARCHS, RESNET_SPECS, type ResNetArch } from './resnetSpecs.js';
import { isTorchResNetArch, TORCH_RESNET_SPECS, type TorchResNetArch } from './torch/torchResNetSpecs.js';

export interface ResNetOptions {
  arch: ResNetArch;
  inputShape: [number, number, number];
  classes: number;
  width?: number;
  seed?: number;
}

/** BatchNorm as PyTorch sets it (momentum 0.1 there is 0.9 here; eps 1e-5), so figures compare with the reference. */
const BN = { momentum: 0.9, epsilon: 1e-5 };

/**
 * Builds a functional ResNet with stable layer names:
 *   stem_conv, stem_bn, stem_relu,
 *   stage{s}_block{b}_{conv1,bn1,relu1,conv2,bn2,[relu2,conv3,bn3],short_conv,short_bn,add,out},
 *   pool, logits.
 * The output of stage s is the layer `stage{s}_block{last}_out` (see `stageOutputLayer`); logits are linear
 * (softmax is applied by whoever needs confidences).
 */
export function buildResNet(options: ResNetOptions): tf.LayersModel {
  const spec = RESNET_SPECS[options.arch];
  if (!spec) throw new I2xError('E_MODEL', `Unknown architecture '${options.arch}'; accepted: ${RESNET_ARCHS.join(', ')}.`);
  const width = options.width ?? 1;
  if (!(width > 0)) throw new I2xError('E_MODEL', `Width multiplier ${width} is not accepted; it must be > 0.`);
  const channels = (c: number) => Math.max(1, Math.round(c * width));
  // Each layer's initialiser draws from its own stream, named after the layer: seeds s and s+1 share no layer's
  // weights, and no initialiser gets tfjs's "no seed" 0 (derivedSeed is never 0).
  const seed = options.seed ?? 0;
  const layerSeed = (name: string) => derivedSeed(seed, `init/${name}`, 0);

  const conv = (x: tf.SymbolicTensor, filters: number, kernel: number, stride: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: layerSeed(name) }), name }).apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor, name: string) => tf.layers.batchNormalization({ ...BN, name }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor, name: string) => tf.layers.activation({ activation: 'relu', name }).apply(x) as tf.SymbolicTensor;

  const input = tf.input({ shape: options.inputShape, name: 'input' });
  let x = relu(bn(conv(input, channels(spec.stemChannels), 3, 1, 'stem_conv'), 'stem_bn'), 'stem_relu');
  let inChannels = channels(spec.stemChannels);
  const expansion = spec.block === 'bottleneck' ? 4 : 1;

  spec.stageChannels.forEach((stageWidth, s) => {
    for (let b = 0; b < spec.blocksPerStage[s]; b++) {
      const p = `stage${s + 1}_block${b + 1}`;
      const stride = b === 0 ? spec.stageStrides[s] : 1;
      const mid = channels(stageWidth);
      const out = mid * expansion;
      let h: tf.SymbolicTensor;
      if (spec.block === 'basic') {
        h = relu(bn(conv(x, mid, 3, stride, `${p}_conv1`), `${p}_bn1`), `${p}_relu1`);
        h = bn(conv(h, out, 3, 1, `${p}_conv2`), `${p}_bn2`);
      } else {
        h = relu(bn(conv(x, mid, 1, 1, `${p}_conv1`), `${p}_bn1`), `${p}_relu1`);
        h = relu(bn(conv(h, mid, 3, stride, `${p}_conv2`), `${p}_bn2`), `${p}_relu2`);
        h = bn(conv(h, out, 1, 1, `${p}_conv3`), `${p}_bn3`);
      }
      const shortcut = stride !== 1 || inChannels !== out ? bn(conv(x, out, 1, stride, `${p}_short_conv`), `${p}_short_bn`) : x;
      const sum = tf.layers.add({ name: `${p}_add` }).apply([h, shortcut]) as tf.SymbolicTensor;
      x = relu(sum, `${p}_out`);
      inChannels = out;
    }
  });

  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: options.classes, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed('logits') }), name: 'logits' }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: options.arch });
}

/**
 * The name of the layer whose output is stage `stage` (1-based; default the last) of a built ResNet, or of a
 * PyTorch ResNet as buildTorchResNet builds it (same layer names).
 */
export function stageOutputLayer(arch: ResNetArch | TorchResNetArch, stage?: number): string {
  const blocksPerStage: readonly number[] = isTorchResNetArch(arch) ? TORCH_RESNET_SPECS[arch].blocksPerStage : RESNET_SPECS[arch].blocksPerStage;
  const s = stage ?? blocksPerStage.length;
  return `stage${s}_block${blocksPerStage[s - 1]}_out`;
}
