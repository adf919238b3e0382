import { unzipSync } from 'fflate';
import { endianness } from 'node:os';
import { halfToFloat } from '../../util/halfToFloat.js';
import { I2xError } from '../../util/I2xError.js';
import type { TorchTensor } from './readSafetensors.js';
import { isTensor, unpickleStateDict, type PickledTensor, type PickleValue } from './unpickleStateDict.js';

/** Bytes per element and the little-endian reader of each storage class a state_dict may use. */
const STORAGE_TYPES: Record<string, { bytes: number; read: (view: DataView, at: number) => number }> = {
  FloatStorage: { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  DoubleStorage: { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  HalfStorage: { bytes: 2, read: (v, o) => halfToFloat(v.getUint16(o, true)) },
  BFloat16Storage: { bytes: 2, read: (v, o) => new Float32Array(new Uint32Array([v.getUint16(o, true) << 16]).buffer)[0] },
  LongStorage: { bytes: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  IntStorage: { bytes: 4, read: (v, o) => v.getInt32(o, true) },
};

/** Keys under which training scripts commonly nest the model's state_dict in a larger checkpoint dict. */
const NESTED_KEYS = ['state_dict', 'model_state_dict', 'model'];

/**
 * Reads a PyTorch `state_dict` file as `torch.save` writes it since PyTorch 1.6: a zip archive
 * `<name>/data.pkl` (the pickle) + `<name>/data/<key>` (one raw little-endian storage per key). The pickle
 * is read by `unpickleStateDict`, which refuses anything a state_dict does not need. Views are resolved
 * (storage offset and strides, so a non-contiguous tensor comes out contiguous); every tensor becomes float32
 * in PyTorch's row-major order. A checkpoint dict that nests the state_dict under `state_dict`,
 * `model_state_dict` or `model` is accepted too. E_CHECKPOINT errors name `source`.
 */
export function readTorchStateDict(bytes: Uint8Array, source: string): Map<string, TorchTensor> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the zip archive of a torch.save file cannot be read (${(err as Error).message}); the file is truncated or damaged.`, { cause: err });
  }
  const pklName = Object.keys(files).find((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
  if (!pklName) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the zip archive holds no data.pkl, so it is not a torch.save file (its entries: ${Object.keys(files).slice(0, 5).join(', ')}).`);
  const prefix = pklName.slice(0, pklName.length - 'data.pkl'.length);
  const byteOrder = files[`${prefix}byteorder`];
  if (byteOrder && new TextDecoder().decode(byteOrder).trim() !== 'little') {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': its storages are big-endian; only little-endian files (any x86 or ARM machine's) are accepted.`);
  }
  const root = stateDictOf(unpickleStateDict(files[pklName], source), source);
  const tensors = new Map<string, TorchTensor>();
  for (const [name, value] of root) tensors.set(name, materialise(value, name, files[`${prefix}data/${value.storage.key}`], source));
  return tensors;
}

function stateDictOf(value: PickleValue, source: string): Map<string, PickledTensor> {
  if (!(value instanceof Map)) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the pickle holds a ${Array.isArray(value) ? 'tuple or list' : typeof value}, not a state_dict (a dict of tensors).`);
  const entries = [...value.entries()];
  if (entries.every(([k, v]) => typeof k === 'string' && isTensor(v))) return value as Map<string, PickledTensor>;
  for (const key of NESTED_KEYS) {
    const nested = value.get(key);
    if (nested instanceof Map && nested.size > 0 && [...nested.values()].every(isTensor)) return nested as Map<string, PickledTensor>;
  }
  const odd = entries.filter(([, v]) => !isTensor(v)).slice(0, 5).map(([k]) => String(k));
  throw new I2xError(
    'E_CHECKPOINT',
    `Checkpoint '${source}': the pickle is a dict whose entries ${odd.map((k) => `'${k}'`).join(', ')} are not tensors, and no '${NESTED_KEYS.join("' / '")}' entry holds a state_dict; save model.state_dict() itself.`,
  );
}

function materialise(t: PickledTensor, name: string, storage: Uint8Array | undefined, source: string): TorchTensor {
  const type = STORAGE_TYPES[t.storage.storageClass];
  if (!type) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': tensor '${name}' is a ${t.storage.storageClass}; accepted: ${Object.keys(STORAGE_TYPES).join(', ')}.`);
  if (!storage) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the storage '${t.storage.key}' of tensor '${name}' is missing from the archive; the file is truncated or damaged.`);
  const count = t.shape.reduce((a, b) => a * b, 1);
  const available = Math.floor(storage.length / type.bytes);
  // The furthest element the view reaches must lie inside its storage.
  const last = t.offset + t.shape.reduce((s, n, d) => s + (n > 0 ? (n - 1) * t.stride[d] : 0), 0);
  if (count > 0 && (t.offset < 0 || t.stride.some((s) => s < 0) || last >= available)) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': tensor '${name}' [${t.shape.join(', ')}] (offset ${t.offset}, strides ${t.stride.join(', ')}) reaches past its storage of ${available} elements; the file is damaged.`);
  }
  if (t.storage.storageClass === 'FloatStorage' && isContiguous(t.shape, t.stride) && endianness() === 'LE') {
    // the common case, a whole float32 parameter: one copy of the little-endian bytes (the copy also aligns them)
    const begin = storage.byteOffset + 4 * t.offset;
    return { shape: [...t.shape], values: new Float32Array(storage.buffer.slice(begin, begin + 4 * count)) };
  }
  const view = new DataView(storage.buffer, storage.byteOffset, storage.byteLength);
  const values = new Float32Array(count);
  // Row-major walk over the index space, following the view's strides into the storage.
  const index = new Array<number>(t.shape.length).fill(0);
  let at = t.offset;
  for (let i = 0; i < count; i++) {
    values[i] = type.read(view, at * type.bytes);
    for (let d = t.shape.length - 1; d >= 0; d--) {
      index[d]++;
      at += t.stride[d];
      if (index[d] < t.shape[d]) break;
      at -= t.stride[d] * t.shape[d];
      index[d] = 0;
    }
  }
  return { shape: [...t.shape], values };
}

/** Row-major strides (dimensions of size 1 may have any stride). */
function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}
