import { callWasmKernel, release, type TensorInfo, type WasmBackendLike } from './callWasmKernel.js';

/**
 * Inserts (stride - 1) zeros between the pixels of an NHWC tensor: [N, H, W, C] -> [N, (H-1)sh+1, (W-1)sw+1, C].
 * Built from Reshape and PadV2 on 4D views, so no loop runs in JavaScript. Returns the input itself for stride 1.
 */
export function dilateSpatial(backend: WasmBackendLike, x: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
  if (strideHeight === 1 && strideWidth === 1) return x;
  const [n, h, w, c] = x.shape;
  // Width first: view as [N*H, W, 1, C] and pad the unit axis to sw.
  const rowsView = callWasmKernel(backend, 'Reshape', { x }, { shape: [n * h, w, 1, c] });
  const widened = callWasmKernel(backend, 'PadV2', { x: rowsView }, { paddings: [[0, 0], [0, 0], [0, strideWidth - 1], [0, 0]], constantValue: 0 });
  release(backend, rowsView);
  // Then height: view as [N, H, 1, W*sw*C] and pad the unit axis to sh.
  const colsView = callWasmKernel(backend, 'Reshape', { x: widened }, { shape: [n, h, 1, w * strideWidth * c] });
  release(backend, widened);
  const heightened = callWasmKernel(backend, 'PadV2', { x: colsView }, { paddings: [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0]], constantValue: 0 });
  release(backend, colsView);
  const full = callWasmKernel(backend, 'Reshape', { x: heightened }, { shape: [n, h * strideHeight, w * strideWidth, c] });
  release(backend, heightened);
  const out = callWasmKernel(backend, 'Slice', { x: full }, { begin: [0, 0, 0, 0], size: [n, (h - 1) * strideHeight + 1, (w - 1) * strideWidth + 1, c] });
  release(backend, full);
  return out;
}
