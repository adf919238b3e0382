import * as tf from '@tensorflow/tfjs';
import { callWasmKernel, release, type TensorInfo, type WasmBackendLike } from './callWasmKernel.js';
import { convKernelsSupport, filterGradient, swapBlockAxes } from './channelKernels.js';
import { convGeometry, type ConvGeometry } from './convGeometry.js';

/**
 * dw of a 2D convolution. Where the channel counts allow it (input a multiple of 4, output of 8: every
 * convolution of a ResNet after its first), i2x's own kernel computes it in one pass (channelKernels.ts
 * `filterGradient`): about twice as fast as the forms below, which remain for the other shapes.
 *
 * Otherwise it is written as one forward convolution on XNNPACK. With the batch axis of x moved
 * to channels and its channel axis to batch (xT: [Cin, H, W, N]) and dy as the filter (dyT: [oh, ow, N, Cout]),
 *
 *   dw[a, b, ci, co] = sum_{i, j, n} xT[ci, a + i*sh - padTop, b + j*sw - padLeft, n] * dyT[i, j, n, co]
 *
 * is a convolution of xT with dyT, dilated by the forward stride, giving [Cin, kh, kw, Cout].
 * A 1x1 unpadded convolution is a plain matrix product instead (see `pointwise`), and so is a stride-1
 * convolution of a one-channel image (`singleChannel`: a grayscale model's first layer).
 */
export function conv2dBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as { strides: [number, number]; pad: 'same'; dataFormat: string; dimRoundingMode?: 'floor'; filterShape: [number, number, number, number] };
  const g = convGeometry('Conv2DBackpropFilter', x.shape as [number, number, number, number], attrs.filterShape, attrs);

  if (convKernelsSupport(g) && x.dtype === 'float32' && dy.dtype === 'float32') return filterGradient(backend, x, dy, g, attrs.filterShape);
  if (g.filterHeight === 1 && g.filterWidth === 1 && g.padTop === 0 && g.padLeft === 0) return pointwise(backend, x, dy, g, attrs.filterShape);
  if (g.inChannels === 1 && g.strideHeight === 1 && g.strideWidth === 1) {
    const dw = singleChannel(backend, x, dy, g, attrs.filterShape);
    if (dw) return dw;
  }

  // x [N, H, W, Cin] -> [Cin, H, W, N] and dy [N, oh, ow, Cout] -> [oh, ow, N, Cout]
  // (the backend's Transpose does the element transpose of x faster than a scalar wasm loop: 2.1 vs 2.8 ms)
  const xT = callWasmKernel(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyT = g.outChannels % 4 === 0
    ? swapBlockAxes(backend, dy, [1, g.batch, g.outHeight * g.outWidth, g.outChannels], [g.outHeight, g.outWidth, g.batch, g.outChannels])
    : callWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  // Rows of x past the last window contribute nothing: the pad below may be negative, then x is cut.
  const bottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - g.padTop;
  const right = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - g.padLeft;
  let source = xT;
  if (bottom < 0 || right < 0) {
    source = callWasmKernel(backend, 'Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [-1, g.inHeight + Math.min(bottom, 0), g.inWidth + Math.min(right, 0), -1] });
  }
  const dwT = callWasmKernel(backend, 'Conv2D', { x: source, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [g.padTop, Math.max(bottom, 0)], [g.padLeft, Math.max(right, 0)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [g.strideHeight, g.strideWidth],
    dimRoundingMode: undefined,
  });
  if (source !== xT) release(backend, source);
  release(backend, xT, dyT);
  const dw = g.outChannels % 4 === 0
    ? swapBlockAxes(backend, dwT, [1, g.inChannels, g.filterHeight * g.filterWidth, g.outChannels], [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels])
    : callWasmKernel(backend, 'Transpose', { x: dwT }, { perm: [1, 2, 0, 3] });
  release(backend, dwT);
  return dw;
}

/**
 * dw of a 1x1 unpadded convolution: x^T dy over the pixels the stride visits. Those pixels are picked by a
 * 1x1 strided convolution with the identity filter (the backend's StridedSlice costs 30x more here).
 */
function pointwise(backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: number[]): TensorInfo {
  const strided = g.strideHeight > 1 || g.strideWidth > 1 || g.outHeight !== g.inHeight || g.outWidth !== g.inWidth;
  let visited = x;
  if (strided) {
    const identity = identityFilter(backend, [1, 1, g.inChannels, g.inChannels]);
    visited = callWasmKernel(backend, 'Conv2D', { x, filter: identity }, { strides: [g.strideHeight, g.strideWidth], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined });
    release(backend, identity);
    if (visited.shape[1] !== g.outHeight || visited.shape[2] !== g.outWidth) {
      const cut = callWasmKernel(backend, 'Slice', { x: visited }, { begin: [0, 0, 0, 0], size: [-1, g.outHeight, g.outWidth, -1] });
      release(backend, visited);
      visited = cut;
    }
  }
  const dw = transposedTimesDy(backend, visited, dy, g, filterShape);
  if (visited !== x) release(backend, visited);
  return dw;
}

/**
 * dw of a stride-1 convolution of a one-channel input (a grayscale model's first layer) as a matrix product:
 * the forward convolution of x with a one-hot filter [kh, kw, 1, kh*kw] gives every window as one pixel's
 * kh*kw channels (patches [N*oh*ow, kh*kw], cheap with one input channel), and dw = patches^T dy. The general
 * form would move the batch axis of x and dy and pack all of dy as a filter for only 9 x Cout outputs
 * (12.8 ms for resnet8's first layer at batch 64; the backend's Slice, tried for the shifted copies, took 64 ms).
 */
function singleChannel(backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: number[]): TensorInfo | null {
  const bottom = g.filterHeight + g.outHeight - 1 - g.inHeight - g.padTop;
  const right = g.filterWidth + g.outWidth - 1 - g.inWidth - g.padLeft;
  if (bottom < 0 || right < 0) return null;
  const taps = g.filterHeight * g.filterWidth;
  const oneHot = identityFilter(backend, [g.filterHeight, g.filterWidth, 1, taps]);
  const patches = callWasmKernel(backend, 'Conv2D', { x, filter: oneHot }, {
    strides: [1, 1],
    pad: [[0, 0], [g.padTop, bottom], [g.padLeft, right], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined,
  });
  release(backend, oneHot);
  const dw = transposedTimesDy(backend, patches, dy, g, filterShape);
  release(backend, patches);
  return dw;
}

/**
 * columns^T dy as `filterShape`, for columns [N, oh, ow, M] at the output resolution (M values per output
 * pixel) and dy [N, oh, ow, Cout]. columns is transposed explicitly: BatchMatMul with transposeA takes a
 * slow path (7 ms instead of 1.3 for [12544, 16]^T [12544, 32]).
 */
function transposedTimesDy(backend: WasmBackendLike, columns: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: number[]): TensorInfo {
  const pixels = g.batch * g.outHeight * g.outWidth;
  const width = columns.shape[3];
  const flat = callWasmKernel(backend, 'Reshape', { x: columns }, { shape: [pixels, width] });
  const rows = callWasmKernel(backend, 'Transpose', { x: flat }, { perm: [1, 0] });
  release(backend, flat);
  const a = callWasmKernel(backend, 'Reshape', { x: rows }, { shape: [1, width, pixels] });
  release(backend, rows);
  const b = callWasmKernel(backend, 'Reshape', { x: dy }, { shape: [1, pixels, g.outChannels] });
  const product = callWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  release(backend, a, b);
  const dw = callWasmKernel(backend, 'Reshape', { x: product }, { shape: filterShape });
  release(backend, product);
  return dw;
}

/**
 * A filter of `shape` [kh, kw, cin, cout] with kh*kw*cin = cout that is the identity matrix when viewed as
 * [kh*kw*cin, cout]: a convolution with it copies each input tap to its own output channel (1x1: the input
 * itself, subsampled by the stride; one input channel: every window as one pixel's channels).
 */
function identityFilter(backend: WasmBackendLike, shape: [number, number, number, number]): TensorInfo {
  const n = shape[3];
  if (shape[0] * shape[1] * shape[2] !== n) throw new Error(`identityFilter: [${shape.join(', ')}] is not square as [kh*kw*cin, cout]`);
  const filter = backend.makeOutput(shape, 'float32');
  const values = backend.typedArrayFromHeap(filter) as Float32Array;
  values.fill(0);
  for (let i = 0; i < n; i++) values[i * n + i] = 1;
  return filter;
}
