import * as tf from '@tensorflow/tfjs';
import type { TensorInfo, WasmBackendLike } from './callWasmKernel.js';
import { convKernelsSupport, convolve, winogradConvolve, winogradSupport } from './channelKernels.js';
import { convGeometry } from './convGeometry.js';

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat?: string;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

let winogradScopes = 0;

/**
 * Runs `fn` with FusedConv2D's 3x3 stride-1 'same' convolutions (input channels a multiple of 4, output of 8) on the
 * wasm backend computed by Winograd F(2x2, 3x3) (channelKernels.ts `winogradConvolve`, about 1.5x faster than the
 * direct convolution; results differ from it in the last bits, and are the same on every run). ModelGraph runs
 * inference in it; training never does, so that its results stay those of the direct convolution.
 */
export function withWinograd<T>(fn: () => T): T {
  winogradScopes++;
  try {
    return fn();
  } finally {
    winogradScopes--;
  }
}

/**
 * Conv2D and FusedConv2D on the wasm backend through i2x's own convolution (channelKernels.ts `convolve`) where it
 * applies: NHWC float32 data, no dilation, input channels a multiple of 4 and output channels a multiple of 8, and
 * for FusedConv2D a bias of one value per output channel (or none) with a linear or relu activation. Everything
 * else (a grayscale or RGB first layer, other activations, PReLU) goes to the backend's own kernel, `original`.
 * Inside `withWinograd`, FusedConv2D takes Winograd where `winogradSupport` says it applies.
 */
export function conv2dWasm(original: tf.KernelFunc, fused: boolean): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as unknown as { inputs: Record<string, TensorInfo | undefined>; backend: WasmBackendLike };
    const attrs = args.attrs as unknown as ConvAttrs;
    const { x, filter, bias, preluActivationWeights } = inputs;
    const dil = attrs.dilations ?? 1;
    const activation = attrs.activation ?? 'linear';
    const plain =
      x !== undefined && filter !== undefined && x.shape.length === 4 && filter.shape.length === 4 &&
      x.dtype === 'float32' && filter.dtype === 'float32' &&
      (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC') &&
      (typeof dil === 'number' ? dil === 1 : dil.every((d) => d === 1)) &&
      convKernelsSupport({ inChannels: filter.shape[2], outChannels: filter.shape[3] }) && x.shape[3] === filter.shape[2] &&
      (!fused || ((activation === 'linear' || activation === 'relu') && preluActivationWeights === undefined &&
        (bias === undefined || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === filter.shape[3]))));
    if (!plain) return original(args);
    const g = convGeometry(fused ? 'FusedConv2D' : 'Conv2D', x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs);
    if (fused && winogradScopes > 0 && winogradSupport(g)) return winogradConvolve(backend, x, filter, g, { bias, relu: activation === 'relu' });
    return convolve(backend, x, filter, g, fused ? { bias, relu: activation === 'relu' } : {});
  };
}
