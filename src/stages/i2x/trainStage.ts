import { join, relative } from 'node:path';
import { buildResNet } from '../../models/buildResNet.js';
import { importCheckpoints } from '../../models/importCheckpoints.js';
import { missingCheckpoints } from '../../models/missingCheckpoints.js';
import { isResNetArch, RESNET_ARCHS } from '../../models/resnetSpecs.js';
import { trainModel } from '../../models/trainModel.js';
import { I2xError } from '../../util/I2xError.js';
import { defineStage } from '../Stage.js';
import type { CheckpointMeta } from '../../models/CheckpointMeta.js';
import type { TrainRates } from '../../models/TrainModelOptions.js';
import { trainArtifacts, type RunCheckpoint } from './artifacts/trainArtifacts.js';

/**
 * Train-or-load: trains the configured ResNet (on `workers` threads when that is more than 1), leaving
 * checkpoints in the run's checkpoint directory (`ctx.checkpointDir`, `checkpoints/<run>/`) (resuming a killed run from its last checkpoint), or takes a list of existing checkpoints (I2X on a model someone
 * else trained: i2x's own format, or PyTorch .safetensors / state_dict files built as model.arch; each is verified against its recorded hash, evaluated on the test set and copied into
 * `checkpoints/<run>/import-NNN`). Lists them in its artifacts (src/stages/i2x/artifacts/trainArtifacts.ts). A listed checkpoint that has gone missing
 * makes the stage stale; training then recomputes it from the checkpoint before it.
 */
export const trainStage = defineStage({
  name: 'train',
  // 2: per-layer initialiser seeds derived from the seed (seed 0 reached tfjs as "no seed");
  // 3: checkpoints.json carries a format tag (an older untagged list is refused, so it re-runs)
  // (its checkpoints are evaluated with the direct convolution, not inference's Winograd, so their stored losses
  // did not change with it: evaluateModel's default)
  version: 3,
  // workers: with more than one, BatchNorm sees per-worker slices, so the weights change
  configKeys: ['data', 'model', 'train', 'workers', 'seed'],
  uses: ['datasets', 'backend'],
  inputs: [],
  async run(ctx) {
    const config = ctx.config;
    let checkpoints: RunCheckpoint[];
    let divergenceWarnings = 0;
    // wall-clock rates of this run (null when nothing was trained or evaluated here): what `i2x finetune` estimates its time from
    let rates: TrainRates = { trainImagesPerSecond: null, evaluationImagesPerSecond: null };
    if (config.train.source === 'load') {
      // Someone else's checkpoints: verified, evaluated (accuracy, test confusion) and copied into this run.
      const { val, test, train } = ctx.datasets();
      const runDir = ctx.checkpointDir;
      const result = await importCheckpoints({
        paths: config.train.load.checkpoints.map(ctx.resolvePath),
        // PyTorch files are built as model.arch for the dataset's images
        arch: config.model.arch,
        inputShape: [train.height, train.width, train.channels],
        runDir,
        classes: train.classNames.length,
        val: val ?? undefined,
        test,
        batchSize: 128,
        resolvedConfig: config,
        executor: ctx.executor,
      });
      checkpoints = result.checkpoints.map((m) => listed(ctx.outputDir, join(runDir, m.name), m));
    } else {
      const { train, val, test } = ctx.datasets();
      const arch = config.model.arch;
      if (!isResNetArch(arch)) throw new I2xError('E_CONFIG', `model.arch '${arch}' names a PyTorch layout, which i2x loads but does not train; set train.source: load, or model.arch to one of ${RESNET_ARCHS.join(', ')}.`);
      const model = buildResNet({
        arch,
        inputShape: [train.height, train.width, train.channels],
        classes: train.classNames.length,
        width: config.model.width,
        seed: config.seed,
      });
      const runDir = ctx.checkpointDir;
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
        executor: ctx.executor,
      });
      model.dispose();
      divergenceWarnings = result.warnings.length;
      rates = result.rates;
      checkpoints = result.checkpoints.map((m) => listed(ctx.outputDir, join(runDir, m.name), m));
    }
    trainArtifacts.write(ctx.outputDir, checkpoints);
    const last = checkpoints[checkpoints.length - 1];
    return { summary: { checkpoints: checkpoints.length, finalTestAccuracy: last?.testAccuracy ?? null, divergenceWarnings, ...rates } };
  },
  async missingOutputs(ctx) {
    const listed = trainArtifacts.read(ctx.stageDir);
    const gone = missingCheckpoints(ctx.checkpointDir, listed.map((c) => c.name));
    if (gone.length === 0) return undefined;
    return gone.map((c) => `checkpoint ${join(ctx.checkpointDir, c.name)}${c.problem === 'absent' ? '' : ` (${c.problem})`}`).join(', ');
  },
});

/**
 * A checkpoint as `checkpoints.json` lists it: its directory relative to the stage's directory (the temp directory
 * `outputDir` is renamed to a sibling, so the path holds there), so the run's tree can move as a whole.
 */
function listed(outputDir: string, dir: string, meta: Pick<CheckpointMeta, 'name' | 'step' | 'epoch' | 'testAccuracy'>): RunCheckpoint {
  return { name: meta.name, dir: relative(outputDir, dir), step: meta.step, epoch: meta.epoch, testAccuracy: meta.testAccuracy ?? null };
}
