import { halfToFloat } from '../../util/halfToFloat.js';
import { I2xError } from '../../util/I2xError.js';

/** One tensor of a checkpoint file, its values as float32 in PyTorch's (row-major, NCHW / OIHW) order. */
export interface TorchTensor {
  shape: number[];
  values: Float32Array;
}

const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, F64: 8, I64: 8 };

/**
 * Reads a `.safetensors` file: an 8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}}` (offsets relative to the end of the header), then raw
 * little-endian data. F32, F16, F64 and I64 tensors become float32; any other dtype, a header that does not
 * parse, or offsets outside the file is an E_CHECKPOINT error naming `source` and the key.
 */
export function readSafetensors(bytes: Uint8Array, source: string): Map<string, TorchTensor> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': ${bytes.length} bytes is too short for a safetensors file (8-byte header length first).`);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the safetensors header claims ${headerLength} bytes but the file has ${bytes.length}; the file is truncated or not safetensors.`);
  }
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (err) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the safetensors header is not JSON (${(err as Error).message}).`, { cause: err });
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, TorchTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const width = DTYPE_BYTES[entry.dtype];
    if (!width) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': tensor '${name}' has dtype ${entry.dtype}; accepted: ${Object.keys(DTYPE_BYTES).join(', ')}.`);
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = entry.data_offsets;
    if (end - begin !== count * width || dataStart + end > bytes.length) {
      throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': tensor '${name}' [${entry.shape.join(', ')}] ${entry.dtype} has data_offsets [${begin}, ${end}] that do not fit its size or the file (${bytes.length} bytes); the file is truncated or damaged.`);
    }
    const values = new Float32Array(count);
    const at = dataStart + begin;
    for (let i = 0; i < count; i++) {
      const o = at + i * width;
      if (entry.dtype === 'F32') values[i] = view.getFloat32(o, true);
      else if (entry.dtype === 'F64') values[i] = view.getFloat64(o, true);
      else if (entry.dtype === 'I64') values[i] = Number(view.getBigInt64(o, true));
      else values[i] = halfToFloat(view.getUint16(o, true));
    }
    tensors.set(name, { shape: [...entry.shape], values });
  }
  return tensors;
}
