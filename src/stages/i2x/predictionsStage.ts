import { evaluateModel } from '../../models/evaluateModel.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { defineStage } from '../Stage.js';
import { predictionsArtifacts } from './artifacts/predictionsArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

const BATCH = 256;

/**
 * Per-sample test predictions at every checkpoint (issue 14): the softmax of every test sample, so that planted
 * and clean test samples can be compared in the store (`test_predictions`) without reloading checkpoints. The
 * checkpoints' test confusion matrices (train stage) are these predictions counted, except where two classes lie within
 * about 1e-6 of each other: the train stage evaluates with the direct convolution, this stage with inference's Winograd.
 */
export const predictionsStage = defineStage({
  name: 'predictions',
  version: 2, // 2: inference's 3x3 convolutions by Winograd F(2x2, 3x3) (logits differ in the last bits)
  // workers: evaluated on a worker pool when more than 1 (the same bits as one thread)
  configKeys: ['data', 'model', 'workers'],
  uses: ['datasets', 'backend'],
  inputs: ['train'],
  async run(ctx) {
    const { test } = ctx.datasets();
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const accuracies: number[] = [];
    const pool = ctx.executor.workers > 1 ? await ctx.executor.openPool() : null;
    try {
    for (const checkpoint of checkpoints) {
      const { model } = await loadCheckpoint(checkpoint.dir);
      try {
        const evaluation = await evaluateModel(model, test, BATCH, { probabilities: true, winograd: true, ...(pool ? { pool } : {}) });
        const classes = evaluation.confusion.length;
        predictionsArtifacts.writeCheckpoint(ctx.outputDir, checkpoint.name, { data: evaluation.probabilities!, shape: [test.count, classes] });
        accuracies.push(Number(evaluation.accuracy.toFixed(4)));
      } finally {
        model.dispose();
      }
    }
    } finally {
      await pool?.close();
    }
    predictionsArtifacts.writeCheckpointNames(ctx.outputDir, checkpoints.map((c) => c.name));
    return { summary: { testSamples: test.count, checkpoints: checkpoints.length, testAccuracy: accuracies } };
  },
});
