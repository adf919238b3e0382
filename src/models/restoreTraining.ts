import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../util/I2xError.js';
import { loadCheckpoint } from './loadCheckpoint.js';
import { readOptimizerFile } from './readOptimizerFile.js';
import type { TrainingOptimizer } from './TrainingOptimizer.js';

/** Sets the model's weights and the optimizer's state to those of the checkpoint in `dir` (hashes verified). */
export async function restoreTraining(model: tf.LayersModel, optimizer: TrainingOptimizer, dir: string): Promise<void> {
  const { model: saved, meta } = await loadCheckpoint(dir);
  try {
    model.setWeights(saved.weights.map((w) => w.read()));
  } finally {
    saved.dispose();
  }
  const optimizerMeta = meta.optimizer;
  if (!optimizerMeta) throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}' has no optimizer state, so training cannot resume from it; delete it to resume from an earlier one.`);
  optimizer.restore({ kind: optimizerMeta.kind, iterations: optimizerMeta.iterations, slots: readOptimizerFile(dir, meta) }, dir);
}
