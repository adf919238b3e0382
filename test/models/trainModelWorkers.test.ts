import * as tf from '@tensorflow/tfjs';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolKeeper } from '../../src/models/parallel/PoolKeeper.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { CheckpointMeta } from '../../src/models/CheckpointMeta.js';
import { evaluateModel } from '../../src/models/evaluateModel.js';
import { loadCheckpoint } from '../../src/models/loadCheckpoint.js';
import { trainModel } from '../../src/models/trainModel.js';
import { toyDataset } from './fixtures/toyDataset.js';
import { comparable, expectI2xRejection, quietProgress, tinyModel, trainConfig, useRunDirs, weightBytes } from './fixtures/trainFixtures.js';
import { executor } from '../../src/models/parallel/Executor.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
const tempRunDir = useRunDirs();

// one set of worker threads lent to every training of this file, as runPipeline lends one to all stages of a call
const pools = new PoolKeeper();

describe('trainModel on an executor of 2 workers', () => {
  afterAll(async () => {
    await pools.close();
  });
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('learns the toy task, and its last checkpoint holds the weights it leaves in the model', async () => {
    const train = toyDataset(128, 6);
    const test = toyDataset(64, 7, 'test');
    const model = tinyModel(3);
    const runDir = tempRunDir();
    const tensorsBefore = tf.memory().numTensors;
    const { checkpoints } = await trainModel({
      model,
      train,
      test,
      runDir,
      config: trainConfig({ epochs: 4, batchSize: 32, checkpoints: { everySteps: null, everyEpochs: 1, first: false, last: true } }),
      seed: 3,
      classes: 2,
      progress: quietProgress,
      executor: executor(2, pools),
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // nothing left behind in this thread
    expect(readdirSync(runDir)).toEqual(['step-000004', 'step-000008', 'step-000012', 'step-000016']);
    expect(checkpoints.map((m) => m.optimizer?.iterations)).toEqual([4, 8, 12, 16]);
    const losses = checkpoints.map((m) => m.trainLoss!);
    expect(losses[3]).toBeLessThan(losses[0] * 0.6);
    expect(checkpoints[3].testAccuracy).toBeGreaterThan(0.9);

    const saved = await loadCheckpoint(join(runDir, 'step-000016'));
    expect(weightBytes(saved.model).equals(weightBytes(model))).toBe(true);
    saved.model.dispose();
    model.dispose();
  });

  it("evaluates each checkpoint on the pool with exactly the numbers one-thread evaluation gives its weights", async () => {
    const train = toyDataset(64, 12);
    const [val, test] = [toyDataset(37, 13, 'test'), toyDataset(45, 14, 'test')];
    const runDir = tempRunDir();
    const config = trainConfig({ epochs: 2, batchSize: 16, checkpoints: { everySteps: null, everyEpochs: 1, first: true, last: true } });
    const model = tinyModel(8);
    const { checkpoints } = await trainModel({ model, train, val, test, runDir, config, seed: 4, classes: 2, progress: quietProgress, executor: executor(2, pools) });
    model.dispose();
    expect(checkpoints).toHaveLength(3);
    expect(new Set(checkpoints.map((m) => m.testLoss)).size).toBe(3); // the weights, and so the numbers, change
    for (const meta of checkpoints) {
      const saved = await loadCheckpoint(join(runDir, meta.name));
      const [v, t] = [await evaluateModel(saved.model, val, 16), await evaluateModel(saved.model, test, 16)];
      saved.model.dispose();
      expect([meta.valLoss, meta.valAccuracy, meta.testLoss, meta.testAccuracy, meta.testConfusion]).toEqual([v.loss, v.accuracy, t.loss, t.accuracy, t.confusion]);
    }
  });

  // The interrupted run and its resumption each start their own pool, so their equality with the
  // uninterrupted run also shows that the same seed and worker count give the same weights.
  it('same seed, same weights: a run aborted after a checkpoint resumes to exactly the uninterrupted run\'s', async () => {
    const train = toyDataset(61, 2); // 4 batches of 16, the last of 13: slices of 7 and 6
    const test = toyDataset(32, 3, 'test');
    const config = trainConfig({ epochs: 2, schedule: 'cosine', augment: true, weightDecay: 1e-4, checkpoints: { everySteps: null, everyEpochs: 1, first: true, last: true } });
    const common = { train, test, config, seed: 11, classes: 2, progress: quietProgress, executor: executor(2, pools) };

    const whole = tinyModel(5);
    const uninterrupted = await trainModel({ ...common, model: whole, runDir: tempRunDir() });
    expect(uninterrupted.checkpoints.map((m) => m.name)).toEqual(['step-000000', 'step-000004', 'step-000008']);

    // one thread: BatchNorm sees the whole batch, so the weights (and the fingerprint) differ
    const oneThread = tinyModel(5);
    const single = await trainModel({ ...common, model: oneThread, runDir: tempRunDir(), executor: executor(1) });
    expect(weightBytes(oneThread).equals(weightBytes(whole))).toBe(false);
    expect(single.checkpoints[0].fingerprint).not.toBe(uninterrupted.checkpoints[0].fingerprint);
    oneThread.dispose();

    const runDir = tempRunDir();
    const controller = new AbortController();
    const crashed = tinyModel(5);
    const onCheckpoint = (meta: CheckpointMeta) => {
      if (meta.epoch === 1) controller.abort(new Error('simulated crash'));
    };
    await expect(trainModel({ ...common, model: crashed, runDir, signal: controller.signal, onCheckpoint })).rejects.toThrow('simulated crash');
    expect(readdirSync(runDir)).toEqual(['step-000000', 'step-000004']);
    crashed.dispose();

    const resumedModel = tinyModel(5);
    const resumed = await trainModel({ ...common, model: resumedModel, runDir });
    expect(resumed.resumedFrom).toBe('step-000004');
    expect(weightBytes(resumedModel).equals(weightBytes(whole))).toBe(true);
    expect(resumed.checkpoints.map(comparable)).toEqual(uninterrupted.checkpoints.map(comparable));
    resumedModel.dispose();

    // the run directory belongs to the two-worker training: one thread may not continue it
    await expectI2xRejection(trainModel({ ...common, model: tinyModel(5), runDir, executor: executor(1) }), 'E_CHECKPOINT', 'worker count', 'Delete');
    whole.dispose();
  });

  it('a checkpoint deleted from the middle is trained again, and it and the later ones come out bit-identical', async () => {
    const config = trainConfig({ epochs: 2, augment: true, checkpoints: { everySteps: null, everyEpochs: 1, first: true, last: true } });
    const common = { train: toyDataset(40, 8), config, seed: 3, classes: 2, progress: quietProgress, executor: executor(2, pools) };
    const names = ['step-000000', 'step-000003', 'step-000006'];
    const bytesOf = (runDir: string) => names.map((n) => Buffer.concat([readFileSync(join(runDir, n, 'weights.bin')), readFileSync(join(runDir, n, 'optimizer.bin'))]));
    const complete = tempRunDir();
    await trainModel({ ...common, model: tinyModel(2), runDir: complete });
    const runDir = tempRunDir();
    cpSync(complete, runDir, { recursive: true });
    rmSync(join(runDir, 'step-000003'), { recursive: true });
    const model = tinyModel(2);
    const again = await trainModel({ ...common, model, runDir });
    model.dispose();
    expect(again.resumedFrom).toBe('step-000000');
    expect(readdirSync(runDir)).toEqual(names);
    expect(bytesOf(runDir)).toEqual(bytesOf(complete));
  });

  it('refuses a worker count that is not a positive integer', async () => {
    await expectI2xRejection(
      trainModel({ model: tinyModel(1), train: toyDataset(16, 1), runDir: tempRunDir(), config: trainConfig(), seed: 1, classes: 2, progress: quietProgress, executor: executor(0) }),
      'E_CONFIG',
      'workers 0',
    );
  });
});
