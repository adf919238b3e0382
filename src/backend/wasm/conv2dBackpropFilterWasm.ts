import * as tf from '@tensorflow/tfjs';
import { callWasmKernel, release, type TensorInfo, type WasmBackendLike } from './callWasmKernel.js';
import { convGeometry } from './convGeometry.js';

/**
 * dw of a 2D convolution, written as one forward convolution on XNNPACK. With the batch axis of x moved
 * to channels and its channel axis to batch (xT: [Cin, H, W, N]) and dy as the filter (dyT: [oh, ow, N, Cout]),
 *
 *   dw[a, b, ci, co] = sum_{i, j, n} xT[ci, a + i*sh - padTop, b + j*sw - padLeft, n] * dyT[i, j, n, co]
 *
 * is a convolution of xT with dyT, dilated by the forward stride, giving [Cin, kh, kw, Cout].
 * A 1x1 unpadded convolution is a plain matrix product instead: x^T dy over the pixels its stride visits.
 */
export function conv2dBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as { strides: [number, number]; pad: 'same'; dataFormat: string; dimRoundingMode?: 'floor'; filterShape: [number, number, number, number] };
  const g = convGeometry('Conv2DBackpropFilter', x.shape as [number, number, number, number], attrs.filterShape, attrs);

  if (g.filterHeight === 1 && g.filterWidth === 1 && g.padTop === 0 && g.padLeft === 0) {
    // x^T dy over the pixels the strided 1x1 filter actually visits
    const visited = g.strideHeight === 1 && g.strideWidth === 1 && g.outHeight === g.inHeight && g.outWidth === g.inWidth
      ? x
      : callWasmKernel(backend, 'StridedSlice', { x }, { begin: [0, 0, 0, 0], end: [g.batch, (g.outHeight - 1) * g.strideHeight + 1, (g.outWidth - 1) * g.strideWidth + 1, g.inChannels], strides: [1, g.strideHeight, g.strideWidth, 1], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 });
    const rows = g.batch * g.outHeight * g.outWidth;
    const xFlat = callWasmKernel(backend, 'Reshape', { x: visited }, { shape: [1, rows, g.inChannels] });
    if (visited !== x) release(backend, visited);
    const dyFlat = callWasmKernel(backend, 'Reshape', { x: dy }, { shape: [1, rows, g.outChannels] });
    const product = callWasmKernel(backend, 'BatchMatMul', { a: xFlat, b: dyFlat }, { transposeA: true, transposeB: false });
    release(backend, xFlat, dyFlat);
    const dw = callWasmKernel(backend, 'Reshape', { x: product }, { shape: attrs.filterShape });
    release(backend, product);
    return dw;
  }

  const xT = callWasmKernel(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyT = callWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
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
  const dw = callWasmKernel(backend, 'Transpose', { x: dwT }, { perm: [1, 2, 0, 3] });
  release(backend, dwT);
  return dw;
}
