import { readFileSync } from 'node:fs';
import { atomicWrite } from './atomicWrite.js';
import { I2xError } from './I2xError.js';

export type StoredArray = Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array;
const DTYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array, int16: Int16Array } as const;
export type DType = keyof typeof DTYPES;
const MAGIC = 'I2XARRAY';

function dtypeOf(data: StoredArray): DType {
  for (const [name, ctor] of Object.entries(DTYPES)) if (data instanceof ctor) return name as DType;
  throw new I2xError('E_STAGE', `cannot store a ${data.constructor.name}; accepted: ${Object.keys(DTYPES).join(', ')}`);
}

/** What an array file's header says besides the data. */
export interface ArrayFileHeader {
  dtype: DType;
  shape: number[];
  /** the format tag of the content (e.g. 'i2x-saliency-maps/1'); absent in files written without one */
  format?: string;
}

/**
 * Writes a typed array with its shape as one file (magic, JSON header {dtype, shape, format?}, padding to 8
 * bytes, raw little-endian data), atomically. Stage outputs use it for every large per-sample tensor, with a
 * `format` tag naming what the array holds (src/stages/artifactFiles.ts checks it on reading).
 */
export function writeArrayFile(path: string, data: StoredArray, shape: readonly number[], options: { format?: string } = {}): void {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new I2xError('E_STAGE', `${path}: shape [${shape.join(', ')}] holds ${size} values, the array has ${data.length}`);
  const header = Buffer.from(JSON.stringify({ dtype: dtypeOf(data), shape, ...(options.format === undefined ? {} : { format: options.format }) }));
  const start = Math.ceil((MAGIC.length + 4 + header.length) / 8) * 8;
  const out = Buffer.alloc(start + data.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, MAGIC.length + 4);
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, start);
  atomicWrite(path, out);
}

/** Reads a file written by `writeArrayFile`; an error names the file when it is not one. */
export function readArrayFile<T extends StoredArray = Float32Array>(path: string): { data: T; shape: number[]; dtype: DType; format?: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new I2xError('E_STAGE', `${path}: cannot read this array file (${(err as Error).message}); re-run the stage that writes it`, { cause: err });
  }
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new I2xError('E_STAGE', `${path}: not an i2x array file (expected the magic '${MAGIC}')`);
  }
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as ArrayFileHeader;
  const start = Math.ceil((MAGIC.length + 4 + headerLength) / 8) * 8;
  const ctor = DTYPES[header.dtype];
  const count = header.shape.reduce((a, b) => a * b, 1);
  if (buf.length !== start + count * ctor.BYTES_PER_ELEMENT) {
    throw new I2xError('E_STAGE', `${path}: truncated (expected ${start + count * ctor.BYTES_PER_ELEMENT} bytes for ${header.dtype} [${header.shape.join(', ')}], found ${buf.length})`);
  }
  const data = new ctor(count);
  new Uint8Array(data.buffer).set(buf.subarray(start, start + count * ctor.BYTES_PER_ELEMENT));
  return { data: data as T, shape: header.shape, dtype: header.dtype, ...(header.format === undefined ? {} : { format: header.format }) };
}
