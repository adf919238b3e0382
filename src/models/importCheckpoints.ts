import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import type { Dataset } from '../data/Dataset.js';
import { canonicalJson } from '../util/canonicalJson.js';
import { I2xError } from '../util/I2xError.js';
import { log } from '../util/log.js';
import type { CheckpointMeta } from './CheckpointMeta.js';
import { datasetDigest } from './datasetDigest.js';
import { evaluateModel } from './evaluateModel.js';
import { listCheckpoints } from './listCheckpoints.js';
import { loadCheckpoint } from './loadCheckpoint.js';
import { readLayersModelFiles, weightFilesSha256 } from './readLayersModelFiles.js';
import { removeInterruptedSaves } from './removeInterruptedSaves.js';
import { saveCheckpoint } from './saveCheckpoint.js';
import { sha256Hex } from './sha256Hex.js';
import { evaluationFields } from './evaluationFields.js';
import { checkpointFormatOf } from './torch/checkpointFormatOf.js';
import { loadTorchCheckpoint } from './torch/loadTorchCheckpoint.js';
import type { Executor } from './parallel/Executor.js';
import type { WorkerPool } from './parallel/WorkerPool.js';
import { formatPercent } from '../util/formatPercent.js';

export interface ImportCheckpointsOptions {
  /**
   * checkpoints in training order: directories or model.json paths (tfjs layers format), .safetensors
   * files or PyTorch state_dict files (.pt / .pth), told apart by content
   */
  paths: readonly string[];
  /** model.arch: needed for PyTorch files, whose layout it names (tfjs checkpoints carry their own topology) */
  arch?: string;
  /** [H, W, C] of the images, needed for PyTorch files (a state_dict does not record it) */
  inputShape?: [number, number, number];
  /** `checkpoints/<run>`, where the copies go */
  runDir: string;
  classes: number;
  val?: Dataset;
  test?: Dataset;
  /** evaluation batch size */
  batchSize: number;
  resolvedConfig?: unknown;
  /** where the evaluations' forward passes run: a pool of its workers when more than one (same results as this thread) */
  executor?: Executor;
  onCheckpoint?: (meta: CheckpointMeta) => void | Promise<void>;
}

/**
 * I2X on checkpoints someone else trained: loads each listed model (a tfjs layers-format model, refusing an
 * i2x checkpoint whose weights do not match its recorded hash; or a PyTorch .safetensors / state_dict file
 * built as `arch`, see loadTorchCheckpoint), evaluates it on the val / test sets (accuracy
 * and the full test confusion matrix) and writes it to `<runDir>/import-000`, `import-001`, ... with
 * step = its position in the list, so later stages treat imported and trained runs alike. Copies already
 * in `runDir` from the same list and data are kept; a runDir holding anything else is refused.
 */
export async function importCheckpoints(options: ImportCheckpointsOptions): Promise<{ checkpoints: CheckpointMeta[] }> {
  const { paths, runDir, classes } = options;
  if (paths.length === 0) throw new I2xError('E_CHECKPOINT', 'No checkpoints to import; expected a non-empty list of checkpoint directories, model.json paths or PyTorch files.');
  const formats = paths.map(checkpointFormatOf);
  // The run's identity from the weight files alone, so that only one model is in memory at a time. A PyTorch
  // file is read through model.arch, so the arch is part of its entry (a tfjs entry stays as it was).
  const weightHashes = paths.map((path, i) =>
    formats[i] === 'tfjs-layers' ? weightFilesSha256(readLayersModelFiles(path)) : `${options.arch}:${sha256Hex(readFileSync(path))}`,
  );
  const fingerprint = sha256Hex(canonicalJson(['i2x-import/1', classes, weightHashes, datasetDigest(options.val), datasetDigest(options.test)]));
  removeInterruptedSaves(runDir);
  const existing = listCheckpoints(runDir);
  const foreign = existing.find((m) => m.fingerprint !== fingerprint);
  if (foreign) {
    throw new I2xError(
      'E_CHECKPOINT',
      `Run directory '${runDir}' holds checkpoints of another run ('${foreign.name}'). Delete '${runDir}' to import afresh, or use another run name.`,
    );
  }
  const checkpoints: CheckpointMeta[] = [];
  let pool: WorkerPool | undefined;
  try {
    for (const [step, path] of paths.entries()) {
      const name = `import-${String(step).padStart(3, '0')}`;
      const done = existing.find((m) => m.name === name);
      if (done) {
        checkpoints.push(done);
        continue;
      }
      const { model, fromI2x, epoch, trainLoss, trainAccuracy } = await loadAny(path, formats[step] === 'tfjs-layers', options);
      try {
        checkShape(model, path, classes, options.test ?? options.val);
        // opened for the first checkpoint that needs evaluating, kept for the rest
        if (!pool && options.executor && options.executor.workers > 1) pool = await options.executor.openPool();
        const evaluation = pool ? { pool } : {};
        const val = options.val ? await evaluateModel(model, options.val, options.batchSize, evaluation) : null;
        const test = options.test ? await evaluateModel(model, options.test, options.batchSize, evaluation) : null;
        const meta = await saveCheckpoint({
          runDir,
          model,
          meta: {
            name,
            step,
            epoch: fromI2x ? epoch : -1,
            learningRate: null,
            trainLoss: fromI2x ? trainLoss : null,
            trainAccuracy: fromI2x ? trainAccuracy : null,
            ...evaluationFields(val, test),
            classes,
            fingerprint,
            config: options.resolvedConfig ?? null,
            source: { kind: 'imported', path },
          },
        });
        log(`train: imported ${path} as ${name}: test ${formatPercent(meta.testAccuracy, 1, '-')}`);
        checkpoints.push(meta);
        await options.onCheckpoint?.(meta);
      } finally {
        model.dispose();
      }
    }
  } finally {
    await pool?.close();
  }
  return { checkpoints };
}

/** A checkpoint of either kind as a model; only an i2x checkpoint brings its epoch and training metrics. */
async function loadAny(path: string, tfjsLayers: boolean, options: ImportCheckpointsOptions) {
  if (tfjsLayers) {
    const { model, meta } = await loadCheckpoint(path);
    return { model, fromI2x: meta.source.kind !== 'external', epoch: meta.epoch, trainLoss: meta.trainLoss, trainAccuracy: meta.trainAccuracy };
  }
  const data = options.test ?? options.val;
  const inputShape = options.inputShape ?? (data ? ([data.height, data.width, data.channels] as [number, number, number]) : undefined);
  if (!inputShape) throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}' is a PyTorch file, which does not record its input size; give importCheckpoints an inputShape or a dataset.`);
  return { model: loadTorchCheckpoint(path, options.arch, inputShape), fromI2x: false, epoch: -1, trainLoss: null, trainAccuracy: null };
}

function checkShape(model: tf.LayersModel, path: string, classes: number, data: Dataset | undefined): void {
  const units = model.outputs[0].shape[1];
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || units !== classes) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}': the model has ${model.inputs.length} input(s), ${model.outputs.length} output(s) of [${model.outputs[0].shape.join(', ')}]; expected one image input and one output of ${classes} classes.`);
  }
  const [, h, w, c] = model.inputs[0].shape;
  if (data && (h !== data.height || w !== data.width || c !== data.channels)) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}': the model takes [${h}, ${w}, ${c}] images; ${data.name} has [${data.height}, ${data.width}, ${data.channels}].`);
  }
}
