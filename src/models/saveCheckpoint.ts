import * as tf from '@tensorflow/tfjs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend } from '../backend/selectBackend.js';
import { DIRECTORY_NAME_PATTERN } from '../util/directoryNamePattern.js';
import { I2xError } from '../util/I2xError.js';
import { CHECKPOINT_FORMAT, type CheckpointMeta } from './CheckpointMeta.js';
import { sha256Hex } from './sha256Hex.js';
import type { TrainingOptimizer } from './TrainingOptimizer.js';
import { replaceDirectory } from '../util/replaceDirectory.js';

/** What the caller says about a checkpoint; the rest of its meta is computed while writing it. */
export type CheckpointContent = Omit<CheckpointMeta, 'format' | 'weightsSha256' | 'optimizer' | 'backend' | 'writtenAt'>;

/**
 * Writes `<runDir>/<meta.name>/`: model.json + weights.bin (tfjs layers format, loadable by
 * tf.loadLayersModel), optimizer.bin when an optimizer is given, and meta.json (with the sha256 of each
 * binary file). Everything goes to a hidden temp directory that is renamed into place, so a killed process
 * leaves either the whole checkpoint or none (listCheckpoints skips hidden directories). An existing
 * checkpoint of the same name is replaced.
 */
export async function saveCheckpoint(options: { runDir: string; model: tf.LayersModel; meta: CheckpointContent; optimizer?: TrainingOptimizer }): Promise<CheckpointMeta> {
  const { runDir, model, optimizer } = options;
  const name = options.meta.name;
  if (!DIRECTORY_NAME_PATTERN.test(name)) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint name '${name}' is not usable as a directory name; use letters, digits, '.', '_' and '-'.`);
  }
  const target = join(runDir, name);
  const tmp = checkpointTempDir(runDir, name);
  mkdirSync(tmp, { recursive: true });
  try {
    let weightsSha256 = '';
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
        weightsSha256 = sha256Hex(weights);
        const modelJson: tf.io.ModelJSON = {
          modelTopology: artifacts.modelTopology!,
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs! }],
        };
        writeFileSync(join(tmp, 'weights.bin'), weights);
        writeFileSync(join(tmp, 'model.json'), JSON.stringify(modelJson));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    let optimizerMeta: CheckpointMeta['optimizer'] = null;
    if (optimizer) {
      const snapshot = await optimizer.snapshot();
      const values = new Float32Array(snapshot.slots.reduce((n, s) => n + s.length, 0));
      let offset = 0;
      for (const slot of snapshot.slots) {
        values.set(slot, offset);
        offset += slot.length;
      }
      const bytes = new Uint8Array(values.buffer);
      writeFileSync(join(tmp, 'optimizer.bin'), bytes);
      optimizerMeta = { kind: snapshot.kind, iterations: snapshot.iterations, sha256: sha256Hex(bytes), slots: optimizer.slotEntries };
    }
    const meta: CheckpointMeta = {
      format: CHECKPOINT_FORMAT,
      ...options.meta,
      backend: currentBackend()?.name ?? tf.getBackend(),
      weightsSha256,
      optimizer: optimizerMeta,
      writtenAt: new Date().toISOString(),
    };
    writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    replaceDirectory(tmp, target);
    return meta;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** The hidden directory a checkpoint is written into before it is renamed into place: `<runDir>/.<name>.<pid>.<ms>.tmp`. */
export function checkpointTempDir(runDir: string, name: string): string {
  return join(runDir, `.${name}.${process.pid}.${Date.now()}.tmp`);
}

/** `.<checkpoint name>.<pid>.<ms>.tmp`: a checkpoint being written */
const CHECKPOINT_TEMP_DIR_NAME = new RegExp(`^\\.${DIRECTORY_NAME_PATTERN.source.slice(1, -1)}\\.\\d+\\.\\d+\\.tmp$`);

/** Whether a directory name is one `checkpointTempDir` makes: present only while a save runs, or after one was killed. */
export function isCheckpointTempDirName(name: string): boolean {
  return CHECKPOINT_TEMP_DIR_NAME.test(name);
}
