import * as tf from '@tensorflow/tfjs';

/** A TensorInfo as kernels see it: data id, shape, dtype (no Tensor wrapper, no engine bookkeeping). */
export type TensorInfo = tf.TensorInfo;

/** The slice of the wasm backend that composed kernels use. */
export interface WasmBackendLike extends tf.KernelBackend {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  /** allocates an uninitialised tensor on the wasm heap */
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  /** a view of a tensor's heap memory (invalidated when the heap grows, so take it after allocating) */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Calls another kernel of the wasm backend directly on TensorInfos. Composed kernels use this instead of
 * tf ops because wrapping a kernel's inputs in Tensors and disposing them would free the caller's data.
 * Every intermediate a composed kernel makes must be released with `release`.
 */
export function callWasmKernel(
  backend: WasmBackendLike,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm kernel ${kernelName} is not registered`);
  return kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend }) as TensorInfo;
}

/** Releases intermediates made by `callWasmKernel`. */
export function release(backend: WasmBackendLike, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
