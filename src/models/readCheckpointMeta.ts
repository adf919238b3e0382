import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { I2xError } from '../util/I2xError.js';
import { CHECKPOINT_FORMAT, type CheckpointMeta } from './CheckpointMeta.js';

/** Reads a checkpoint's meta.json, refusing one that is not JSON or not tagged `i2x-checkpoint/1`. */
export function readCheckpointMeta(metaPath: string): CheckpointMeta {
  const dir = dirname(metaPath);
  let meta: Partial<CheckpointMeta>;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Partial<CheckpointMeta>;
  } catch (err) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': meta.json cannot be read as JSON (${(err as Error).message}).`, { cause: err });
  }
  if (!meta || meta.format !== CHECKPOINT_FORMAT) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': meta.json has format ${JSON.stringify(meta?.format)}; expected '${CHECKPOINT_FORMAT}'.`);
  }
  if (typeof meta.weightsSha256 !== 'string' || typeof meta.step !== 'number' || typeof meta.name !== 'string') {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': meta.json lacks name, step or weightsSha256.`);
  }
  return meta as CheckpointMeta;
}
