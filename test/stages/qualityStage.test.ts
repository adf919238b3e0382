import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolKeeper } from '../../src/models/parallel/PoolKeeper.js';
import { i2xPipeline } from '../../pipelines/i2x.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { I2xConfig } from '../../src/config/configSchema.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { makeBatch } from '../../src/data/makeBatch.js';
import { prepareDatasets } from '../../src/data/prepareDatasets.js';
import { deletionCurves } from '../../src/explain/quality/deletionInsertion.js';
import { modelOnThisThread } from '../../src/explain/quality/perturbationModels.js';
import { gradCam } from '../../src/explain/gradCam.js';
import { loadCheckpoint } from '../../src/models/loadCheckpoint.js';
import { buildResNet, stageOutputLayer } from '../../src/models/buildResNet.js';
import { ModelGraph } from '../../src/models/ModelGraph.js';
import { saveCheckpoint } from '../../src/models/saveCheckpoint.js';
import { qualityArtifacts } from '../../src/stages/i2x/artifacts/qualityArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';
import { qualityConfigError } from '../../src/stages/i2x/qualityConfigError.js';
import { qualityStage } from '../../src/stages/i2x/qualityStage.js';
import { runDatasets } from '../../src/stages/runDatasets.js';
import { runPipeline } from '../../src/stages/runPipeline.js';
import { preRunContext, stageContext } from '../../src/stages/stageContext.js';
import { upsampleBilinear } from '../../src/util/upsampleBilinear.js';
import { I2xError } from '../../src/util/I2xError.js';
import { useTempDir } from '../data/fixtures/useTempDir.js';
import { writeIdx } from '../data/fixtures/writeIdx.js';
import { barDataset } from '../finetune/fixtures/barDataset.js';
import { expectI2xRejection, quietProgress } from '../models/fixtures/trainFixtures.js';

const makeDir = useTempDir();

/** Bar images as IDX files, one untrained ResNet-8 checkpoint, and a config over them with a shortcut plant on class 0. */
async function qualityRun(): Promise<{ root: string; config: (quality?: Record<string, unknown>) => I2xConfig; trainDir: string }> {
  const root = makeDir('quality-stage');
  const idx = join(root, 'idx');
  mkdirSync(idx);
  for (const [prefix, count, seed] of [['train', 40, 1], ['t10k', 12, 2]] as const) {
    const ds = barDataset(count, seed);
    writeIdx(join(idx, `${prefix}-images-idx3-ubyte`), [count, 12, 12], Array.from(ds.images, (v) => Math.round(v * 255)));
    writeIdx(join(idx, `${prefix}-labels-idx1-ubyte`), [count], ds.labels);
  }
  const config = (quality: Record<string, unknown> = {}) =>
    resolveConfig({
      name: 'quality-stage-test',
      data: { dataset: 'idx', path: idx, trainSubset: null, testSubset: null, valFraction: 0, plant: [{ kind: 'shortcut', size: 3, x: 0, y: 0, train: { class: 0, fraction: 1 } }] },
      model: { arch: 'resnet8', width: 0.25 },
      analysis: { uncertain: { pairs: [[0, 1]] } },
      finetune: { pairs: [[0, 1]] },
      quality: { sampleSize: 9, steps: 4, ...quality },
      store: { path: join(root, 'i2x.duckdb') },
    });
  const model = buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 10, width: 0.25, seed: 3 });
  const meta = await saveCheckpoint({
    runDir: join(root, 'checkpoints'),
    model,
    meta: {
      name: 'step-000000', step: 0, epoch: 0, learningRate: null, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null,
      testLoss: null, testAccuracy: null, testConfusion: null, classes: 10, fingerprint: null, config: null, source: { kind: 'trained' },
    },
  });
  model.dispose();
  const trainDir = join(root, 'train');
  mkdirSync(trainDir);
  trainArtifacts.write(trainDir, [{ name: meta.name, dir: join(root, 'checkpoints', meta.name), step: 0, epoch: 0, testAccuracy: null }]);
  return { root, config, trainDir };
}

function context(config: I2xConfig, outputDir: string, trainDir: string) {
  mkdirSync(outputDir, { recursive: true });
  const root = dirname(outputDir);
  return stageContext(qualityStage, config, {
    root,
    runId: 'quality-stage-test',
    fingerprint: 'quality-fingerprint',
    outputDir,
    checkpointDir: join(root, 'checkpoints'),
    storePath: config.store.path,
    inputDir: () => trainDir,
    datasets: runDatasets(config, root).datasets,
    log: () => {},
    progress: quietProgress,
    signal: new AbortController().signal,
    pools,
  });
}

// the worker threads every stage run of this file uses, as runPipeline lends one set to all stages of a call
const pools = new PoolKeeper();

describe('the quality stage', () => {
  afterAll(async () => {
    await pools.close();
  });
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('scores every method and metric with the random and planted baselines, and its deletion AUC is the direct computation', async () => {
    const { root, config, trainDir } = await qualityRun();
    const cfg = config();
    const ctx = context(cfg, join(root, 'out'), trainDir);
    const before = tf.memory().numTensors;
    const { summary } = await qualityStage.run(ctx);
    expect(tf.memory().numTensors).toBe(before);
    expect(summary).toMatchObject({ samples: 9, checkpoints: 1 });
    const { samples, values, curves } = qualityArtifacts.read(ctx.outputDir);
    expect(samples.length).toBe(9);
    expect([...samples].sort((a, b) => a - b)).toEqual(samples);
    const keys = (method: string) => values.filter((v) => v.method === method).map((v) => v.metric).sort();
    const sanity = ['mprt-spearman', 'mprt-ssim', 'random-logit-spearman', 'random-logit-ssim'];
    const removal = ['deletion-auc', 'insertion-auc', 'road-lerf', 'road-morf'];
    expect(keys('gradcam')).toEqual([...sanity, ...removal].sort());
    expect(keys('lrp-epsilon-plus-flat')).toEqual([...sanity, ...removal].sort());
    expect(keys('random')).toEqual(removal);
    const { train, planted } = prepareDatasets(cfg.data, cfg.seed);
    const hasClass0 = samples.some((s) => train.labels[s] === 0);
    expect(keys('planted')).toEqual(hasClass0 ? removal : []);
    expect(planted.length).toBeGreaterThan(0);
    const curve = (method: string, metric: string) => curves.filter((c) => c.method === method && c.metric === metric);
    expect(curve('gradcam', 'deletion').map((c) => c.fraction)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(curve('random', 'road-morf').map((c) => c.step)).toEqual([1, 2, 3]);
    expect(curve('gradcam', 'mprt-spearman').length).toBeGreaterThan(5);
    // the cascade's maps of the first 3 samples, for the report: the trained model's, then after every step
    const { examples } = qualityArtifacts.read(ctx.outputDir);
    expect(examples?.checkpoint).toBe(0);
    expect(examples?.samples).toEqual(samples.slice(0, 3));
    expect(examples?.methods.map((m) => m.method)).toEqual(['gradcam', 'lrp-epsilon-plus-flat']);
    for (const m of examples!.methods) {
      expect(m.layers.length).toBe(curve(m.method, 'mprt-spearman').length);
      expect(m.maps.length).toBe((m.layers.length + 1) * 3 * m.height * m.width);
    }

    // reference: Grad-CAM of the labels at the feature layer, upsampled one map at a time, then deletion in 4 steps
    const { model } = await loadCheckpoint(trainArtifacts.read(trainDir)[0].dir);
    const graph = ModelGraph.fromModel(model);
    const batch = makeBatch(train, Int32Array.from(samples));
    const x = tf.tensor4d(batch.images, [9, 12, 12, 1]);
    const targets = tf.tensor1d(batch.labels, 'int32');
    const r = gradCam(graph, x, stageOutputLayer('resnet8'), targets);
    const [, h, w] = r.maps.shape;
    const small = r.maps.dataSync();
    const maps = new Float32Array(9 * 144);
    for (let i = 0; i < 9; i++) maps.set(upsampleBilinear(small.subarray(i * h * w, (i + 1) * h * w), h, w, 12, 12), i * 144);
    const logits = (input: tf.Tensor4D) => graph.forward(input, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D;
    const direct = await deletionCurves({ model: modelOnThisThread(logits), images: { data: batch.images, n: 9, height: 12, width: 12, channels: 1 }, maps, targets: batch.labels, steps: 4 });
    const stored = values.find((v) => v.method === 'gradcam' && v.metric === 'deletion-auc')!.value!;
    expect(stored).toBeCloseTo(direct.auc.reduce((s, v) => s + v, 0) / 9, 5);
    tf.dispose([x, targets, r.maps, r.logits]);
    model.dispose();
  });

  it('scores the final checkpoint by default and every one with quality.checkpoints all; an empty metric list scores nothing', async () => {
    const { root, config, trainDir } = await qualityRun();
    const [first] = trainArtifacts.read(trainDir);
    trainArtifacts.write(trainDir, [first, { ...first, name: 'again', step: 1 }]); // the same weights twice: the same figures at both
    const scored = async (quality: Record<string, unknown>, out: string) => {
      await qualityStage.run(context(config(quality), join(root, out), trainDir));
      return qualityArtifacts.read(join(root, out)).values.filter((v) => v.method === 'gradcam');
    };
    const final = await scored({ metrics: ['deletion'] }, 'out-final');
    expect(final.map((v) => [v.checkpoint, v.metric])).toEqual([[1, 'deletion-auc']]);
    const all = await scored({ metrics: ['deletion'], checkpoints: 'all' }, 'out-all');
    expect(all.map((v) => [v.checkpoint, v.metric])).toEqual([[0, 'deletion-auc'], [1, 'deletion-auc']]);
    expect(all[0].value).toBe(all[1].value);
    expect(all[1].value).toBe(final[0].value);
    expect(await scored({ metrics: [] }, 'out-none')).toEqual([]);
    expect(qualityArtifacts.read(join(root, 'out-final')).examples).toBeNull(); // no mprt, no example maps
  });

  it('runs the removal metrics on a pool of workers (workers 2) with the figures of one thread (workers 1), bit for bit', async () => {
    const { root, config, trainDir } = await qualityRun();
    const run = async (workers: number) => {
      const cfg = resolveConfig({ ...config({ metrics: ['deletion', 'insertion', 'road-morf'] }), workers });
      const ctx = context(cfg, join(root, `out-workers-${workers}`), trainDir);
      expect(ctx.executor.workers).toBe(workers);
      await qualityStage.run(ctx);
      return qualityArtifacts.read(ctx.outputDir);
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.values.length).toBeGreaterThan(0);
    expect(two.values).toEqual(one.values);
    expect(two.curves).toEqual(one.curves);
  });

  it('refuses a sample larger than the training set, naming quality.sampleSize', async () => {
    const { root, config, trainDir } = await qualityRun();
    const ctx = context(config({ sampleSize: 41 }), join(root, 'out-big'), trainDir);
    await expectI2xRejection(qualityStage.run(ctx), 'E_CONFIG', 'quality.sampleSize: got 41; the training set has 40 samples', 'expected an integer in 1..40');
  });

  it('refuses a sample larger than the training set before the train stage writes anything', async () => {
    const { root, config } = await qualityRun();
    const paths = { root, artifactsRoot: 'artifacts', checkpointsRoot: 'checkpoints' };
    await expectI2xRejection(runPipeline(i2xPipeline(), config({ sampleSize: 41 }), paths), 'E_CONFIG', 'quality.sampleSize: got 41; the training set has 40 samples', 'expected an integer in 1..40');
    expect(existsSync(join(root, 'artifacts', 'quality-stage-test', 'train'))).toBe(false);
    expect(existsSync(join(root, 'checkpoints', 'quality-stage-test'))).toBe(false);
    // the whole training set is a sample it accepts
    const whole = config({ sampleSize: 40 });
    expect(() => qualityStage.checkBeforeRun!(preRunContext(qualityStage, whole, runDatasets(whole, root).datasets))).not.toThrow();
  });

  it('turns a quality function\'s RangeError into E_CONFIG naming quality.steps', () => {
    const err = qualityConfigError(new RangeError('ROAD: steps must be an integer >= 2, got 1.'), { steps: 1, sampleSize: 4 });
    expect(err).toBeInstanceOf(I2xError);
    expect((err as I2xError).code).toBe('E_CONFIG');
    expect((err as Error).message).toBe('quality.steps: got 1; ROAD: steps must be an integer >= 2, got 1. Change quality.steps.');
    const other = new Error('disk full');
    expect(qualityConfigError(other, { steps: 1, sampleSize: 4 })).toBe(other);
  });
});
