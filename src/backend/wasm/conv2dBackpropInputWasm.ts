import * as tf from '@tensorflow/tfjs';
import { callWasmKernel, release, type TensorInfo, type WasmBackendLike } from './callWasmKernel.js';
import { convGeometry, type ConvGeometry } from './convGeometry.js';
import { dilateSpatial } from './dilateSpatial.js';

/**
 * dx of a 2D convolution, written as a forward convolution on XNNPACK: the gradient dy, dilated by the
 * stride (zeros between its pixels), is correlated with the filter rotated by 180 degrees and with its
 * in/out channels swapped; padding (filter - 1 - forward padding) is passed to the convolution itself.
 *
 *   dx[n, i, j, ci] = sum_{a, b, co} dy'[n, i + a - (kh-1-padTop), j + b - (kw-1-padLeft), co] * w[kh-1-a, kw-1-b, ci, co]
 */
export function conv2dBackpropInputWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as { strides: [number, number]; pad: 'same'; dataFormat: string; dimRoundingMode?: 'floor'; inputShape: [number, number, number, number] };
  const g = convGeometry('Conv2DBackpropInput', attrs.inputShape, filter.shape as [number, number, number, number], attrs);

  if (g.filterHeight === 1 && g.filterWidth === 1 && g.padTop === 0 && g.padLeft === 0) return pointwise(backend, dy, filter, g);

  const reversed = callWasmKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const flipped = callWasmKernel(backend, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
  release(backend, reversed);

  const dilated = dilateSpatial(backend, dy, g.strideHeight, g.strideWidth);
  const dilatedHeight = dilated.shape[1];
  const dilatedWidth = dilated.shape[2];
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const bottom = g.inHeight + g.filterHeight - 1 - top - dilatedHeight;
  const right = g.inWidth + g.filterWidth - 1 - left - dilatedWidth;

  // A negative pad means rows of dy' that no input pixel reaches: cut them off first.
  let source = dilated;
  if (bottom < 0 || right < 0) {
    source = callWasmKernel(backend, 'Slice', { x: dilated }, { begin: [0, 0, 0, 0], size: [-1, dilatedHeight + Math.min(bottom, 0), dilatedWidth + Math.min(right, 0), -1] });
  }
  const dx = callWasmKernel(backend, 'Conv2D', { x: source, filter: flipped }, {
    strides: [1, 1],
    pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined,
  });
  if (source !== dilated) release(backend, source);
  if (dilated !== dy) release(backend, dilated);
  release(backend, flipped);
  return dx;
}

/**
 * A 1x1 unpadded convolution's dx: the matrix product dy w^T at the output resolution, then placed on the
 * stride grid (zeros elsewhere) -- no multiplications by the zeros a dilated convolution would do.
 */
function pointwise(backend: WasmBackendLike, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const rows = g.batch * g.outHeight * g.outWidth;
  const dyFlat = callWasmKernel(backend, 'Reshape', { x: dy }, { shape: [1, rows, g.outChannels] });
  const wFlat = callWasmKernel(backend, 'Reshape', { x: filter }, { shape: [1, g.inChannels, g.outChannels] });
  const product = callWasmKernel(backend, 'BatchMatMul', { a: dyFlat, b: wFlat }, { transposeA: false, transposeB: true });
  release(backend, dyFlat, wFlat);
  const small = callWasmKernel(backend, 'Reshape', { x: product }, { shape: [g.batch, g.outHeight, g.outWidth, g.inChannels] });
  release(backend, product);
  if (g.strideHeight === 1 && g.strideWidth === 1 && g.outHeight === g.inHeight && g.outWidth === g.inWidth) return small;
  const dilated = dilateSpatial(backend, small, g.strideHeight, g.strideWidth);
  if (dilated !== small) release(backend, small);
  const bottom = g.inHeight - dilated.shape[1];
  const right = g.inWidth - dilated.shape[2];
  const dx = callWasmKernel(backend, 'PadV2', { x: dilated }, { paddings: [[0, 0], [0, bottom], [0, right], [0, 0]], constantValue: 0 });
  release(backend, dilated);
  return dx;
}
