import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I2xError } from '../util/I2xError.js';
import type { CheckpointMeta } from './CheckpointMeta.js';
import { sha256Hex } from './sha256Hex.js';

/** Reads `optimizer.bin` of a checkpoint, checked against the hash in its meta. */
export function readOptimizerFile(dir: string, meta: CheckpointMeta): Float32Array[] {
  const optimizer = meta.optimizer;
  if (!optimizer) throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}' has no optimizer state, so training cannot resume from it.`);
  const path = join(dir, 'optimizer.bin');
  if (!existsSync(path)) throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': optimizer.bin is missing, though meta.json describes one.`);
  const bytes = readFileSync(path);
  const hash = sha256Hex(bytes);
  if (hash !== optimizer.sha256) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}' is refused: optimizer.bin has sha256 ${hash}, but meta.json records ${optimizer.sha256}.`);
  }
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const slots: Float32Array[] = [];
  let offset = 0;
  for (const entry of optimizer.slots) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    slots.push(values.slice(offset, offset + size));
    offset += size;
  }
  if (offset !== values.length) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': optimizer.bin holds ${values.length} values; meta.json describes ${offset}.`);
  }
  return slots;
}
