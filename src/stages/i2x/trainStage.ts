import { join } from 'node:path';
import { prepareDatasets } from '../../data/prepareDatasets.js';
import { buildResNet } from '../../models/buildResNet.js';
import { importCheckpoints } from '../../models/importCheckpoints.js';
import { missingCheckpoints } from '../../models/missingCheckpoints.js';
import { trainModel } from '../../models/trainModel.js';
import { CHECKPOINTS_ROOT } from '../../cli/paths.js';
import type { Stage } from '../Stage.js';
import { trainArtifacts, type RunCheckpoint } from './artifacts/trainArtifacts.js';

/**
 * Train-or-load: trains the configured ResNet (on `workers` threads when that is more than 1), leaving
 * checkpoints in `checkpoints/<run>/` (resuming a killed run from its last checkpoint), or takes a list of existing checkpoints (I2X on a model someone
 * else trained; each is verified against its recorded hash, evaluated on the test set and copied into
 * `checkpoints/<run>/import-NNN`). Lists them in its artifacts (src/stages/i2x/artifacts/trainArtifacts.ts). A listed checkpoint that has gone missing
 * makes the stage stale; training then recomputes it from the checkpoint before it.
 */
export const trainStage: Stage = {
  name: 'train',
  // 2: per-layer initialiser seeds derived from the seed (seed 0 reached tfjs as "no seed");
  // 3: checkpoints.json carries a format tag (an older untagged list is refused, so it re-runs)
  version: 3,
  // workers: with more than one, BatchNorm sees per-worker slices, so the weights change
  configKeys: ['data', 'model', 'train', 'workers'],
  inputs: [],
  async run(ctx) {
    const config = ctx.config;
    let checkpoints: RunCheckpoint[];
    let divergenceWarnings = 0;
    if (config.train.source === 'load') {
      // Someone else's checkpoints: verified, evaluated (accuracy, test confusion) and copied into this run.
      const { val, test, train } = prepareDatasets(config.data, config.seed);
      const runDir = join(CHECKPOINTS_ROOT, ctx.runId);
      const result = await importCheckpoints({
        paths: config.train.load.checkpoints,
        runDir,
        classes: train.classNames.length,
        val: val ?? undefined,
        test,
        batchSize: 128,
        resolvedConfig: config,
      });
      checkpoints = result.checkpoints.map((m) => ({ name: m.name, dir: join(runDir, m.name), step: m.step, epoch: m.epoch, testAccuracy: m.testAccuracy ?? null }));
    } else {
      const { train, val, test } = prepareDatasets(config.data, config.seed);
      const model = buildResNet({
        arch: config.model.arch,
        inputShape: [train.height, train.width, train.channels],
        classes: train.classNames.length,
        width: config.model.width,
        seed: config.seed,
      });
      const runDir = join(CHECKPOINTS_ROOT, ctx.runId);
      const result = await trainModel({
        model,
        train,
        val: val ?? undefined,
        test,
        runDir,
        config: config.train,
        seed: config.seed,
        classes: train.classNames.length,
        resolvedConfig: config,
        signal: ctx.signal,
        workers: config.workers,
      });
      model.dispose();
      divergenceWarnings = result.warnings.length;
      checkpoints = result.checkpoints.map((m) => ({ name: m.name, dir: join(runDir, m.name), step: m.step, epoch: m.epoch, testAccuracy: m.testAccuracy ?? null }));
    }
    trainArtifacts.write(ctx.outputDir, checkpoints);
    const last = checkpoints[checkpoints.length - 1];
    return { summary: { checkpoints: checkpoints.length, finalTestAccuracy: last?.testAccuracy ?? null, divergenceWarnings } };
  },
  async missingOutputs(ctx) {
    const listed = trainArtifacts.read(ctx.stageDir);
    const gone = missingCheckpoints(join(CHECKPOINTS_ROOT, ctx.runId), listed.map((c) => c.name));
    if (gone.length === 0) return undefined;
    return gone.map((c) => `checkpoint ${join(CHECKPOINTS_ROOT, ctx.runId, c.name)}${c.problem === 'absent' ? '' : ` (${c.problem})`}`).join(', ');
  },
};
