import * as tf from '@tensorflow/tfjs';
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
import type { Executor } from './parallel/Executor.js';
import type { WorkerPool } from './parallel/WorkerPool.js';

export interface ImportCheckpointsOptions {
  /** checkpoint directories or model.json paths, in training order */
  paths: readonly string[];
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
 * I2X on checkpoints someone else trained: loads each listed tfjs layers-format model (refusing an i2x
 * checkpoint whose weights do not match its recorded hash), evaluates it on the val / test sets (accuracy
 * and the full test confusion matrix) and writes it to `<runDir>/import-000`, `import-001`, ... with
 * step = its position in the list, so later stages treat imported and trained runs alike. Copies already
 * in `runDir` from the same list and data are kept; a runDir holding anything else is refused.
 */
export async function importCheckpoints(options: ImportCheckpointsOptions): Promise<{ checkpoints: CheckpointMeta[] }> {
  const { paths, runDir, classes } = options;
  if (paths.length === 0) throw new I2xError('E_CHECKPOINT', 'No checkpoints to import; expected a non-empty list of checkpoint directories or model.json paths.');
  // The run's identity from the weight files alone, so that only one model is in memory at a time.
  const weightHashes = paths.map((path) => weightFilesSha256(readLayersModelFiles(path)));
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
      const { model, meta: source } = await loadCheckpoint(path);
      try {
        checkShape(model, path, classes, options.test ?? options.val);
        // opened for the first checkpoint that needs evaluating, kept for the rest
        if (!pool && options.executor && options.executor.workers > 1) pool = await options.executor.openPool();
        const evaluation = pool ? { pool } : {};
        const val = options.val ? await evaluateModel(model, options.val, options.batchSize, evaluation) : null;
        const test = options.test ? await evaluateModel(model, options.test, options.batchSize, evaluation) : null;
        const fromI2x = source.source.kind !== 'external';
        const meta = await saveCheckpoint({
          runDir,
          model,
          meta: {
            name,
            step,
            epoch: fromI2x ? source.epoch : -1,
            learningRate: null,
            trainLoss: fromI2x ? source.trainLoss : null,
            trainAccuracy: fromI2x ? source.trainAccuracy : null,
            ...evaluationFields(val, test),
            classes,
            fingerprint,
            config: options.resolvedConfig ?? null,
            source: { kind: 'imported', path },
          },
        });
        log(`train: imported ${path} as ${name}: test ${meta.testAccuracy === null ? '-' : `${(meta.testAccuracy * 100).toFixed(1)}%`}`);
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
