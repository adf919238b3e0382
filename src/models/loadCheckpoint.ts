import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { currentBackend } from '../backend/selectBackend.js';
import { I2xError } from '../util/I2xError.js';
import { CHECKPOINT_FORMAT, type CheckpointMeta } from './CheckpointMeta.js';
import { readLayersModelFiles, weightFilesSha256 } from './readLayersModelFiles.js';
import { readCheckpointMeta } from './readCheckpointMeta.js';

/**
 * Loads a checkpoint: `path` is a directory with model.json (tfjs layers format) or a model.json path.
 * With an i2x meta.json beside it, weights.bin must match the sha256 recorded there, or the checkpoint is
 * refused (E_CHECKPOINT naming it and both hashes). Without one (a model someone else trained), the meta
 * is made up: source 'external', step 0, epoch -1, no metrics, the hash of its weights as read now.
 */
export async function loadCheckpoint(path: string): Promise<{ model: tf.LayersModel; meta: CheckpointMeta }> {
  const files = readLayersModelFiles(path);
  const metaPath = join(files.dir, 'meta.json');
  const weightsSha256 = weightFilesSha256(files);
  let meta: CheckpointMeta;
  if (existsSync(metaPath)) {
    meta = readCheckpointMeta(metaPath);
    if (weightsSha256 !== meta.weightsSha256) {
      throw new I2xError(
        'E_CHECKPOINT',
        `Checkpoint '${files.dir}' is refused: its weights have sha256 ${weightsSha256}, but meta.json records ${meta.weightsSha256}. ` +
          'The weights were changed or damaged after the checkpoint was written; restore them, or delete the checkpoint directory to train it again.',
      );
    }
  } else {
    meta = externalMeta(files.dir, weightsSha256);
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(files.artifacts));
  } catch (err) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${files.dir}': tfjs cannot build the model from model.json and its weights (${(err as Error).message}).`, { cause: err });
  }
  return { model, meta };
}

function externalMeta(dir: string, weightsSha256: string): CheckpointMeta {
  return {
    format: CHECKPOINT_FORMAT,
    name: basename(dir),
    step: 0,
    epoch: -1,
    learningRate: null,
    trainLoss: null,
    trainAccuracy: null,
    valLoss: null,
    valAccuracy: null,
    testLoss: null,
    testAccuracy: null,
    testConfusion: null,
    classes: 0,
    backend: currentBackend()?.name ?? tf.getBackend(),
    weightsSha256,
    optimizer: null,
    fingerprint: null,
    config: null,
    source: { kind: 'external', path: dir },
    writtenAt: '',
  };
}
