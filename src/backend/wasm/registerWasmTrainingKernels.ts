import * as tf from '@tensorflow/tfjs';
import { registerChannelKernels } from './channelKernels.js';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilterWasm.js';
import { conv2dBackpropInputWasm } from './conv2dBackpropInputWasm.js';
import { conv2dWasm } from './conv2dWasm.js';

let registered = false;

/**
 * Makes the wasm backend able to train: registers Conv2DBackpropFilter (missing upstream) and replaces
 * Conv2DBackpropInput (upstream: a scalar loop) with composed versions, routes Conv2D and FusedConv2D through
 * i2x's own convolution kernel where its channel counts allow (conv2dWasm.ts; XNNPACK's otherwise), and adds
 * the per-channel SIMD kernels BatchNorm training uses (channelKernels.ts). Identity, which upstream copies
 * the whole tensor, shares its data instead (as the cpu backend's does; tensors are immutable): gradient
 * tapes clone every tensor they save through it, about 90 full copies per resnet8 training step. Idempotent.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput']) {
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
  }
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterWasm as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2dBackpropInputWasm as tf.KernelFunc });
  for (const [name, fused] of [['Conv2D', false], ['FusedConv2D', true]] as const) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) throw new Error(`the wasm backend has no ${name} kernel to fall back on`);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: conv2dWasm(original.kernelFunc, fused) });
  }
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: sharedIdentity as unknown as tf.KernelFunc });
  registerChannelKernels();
  registered = true;
}

/** Identity without a copy: the output is the input's data with one more reference. */
function sharedIdentity({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend & { incRef(dataId: tf.DataId): void } }): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
