import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { CheckpointMeta } from '../../src/models/CheckpointMeta.js';
import { evaluateModel } from '../../src/models/evaluateModel.js';
import { trainModel } from '../../src/models/trainModel.js';
import { toyDataset } from './fixtures/toyDataset.js';
import { comparable, expectI2xRejection, quietProgress, tinyModel, trainConfig, useRunDirs, weightBytes } from './fixtures/trainFixtures.js';

const tempRunDir = useRunDirs();

describe('trainModel', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it.each(['adam', 'sgd'] as const)('%s: the same seed gives bitwise-identical weights, another seed different ones', async (optimizer) => {
    const train = toyDataset(48, 1);
    // momentum, weight decay, a schedule and augmentation all take part
    const config = trainConfig({ optimizer, weightDecay: 5e-4, schedule: 'cosine', augment: true });
    const run = async (seed: number) => {
      const tensorsBefore = tf.memory().numTensors;
      const model = tinyModel(7);
      await trainModel({ model, train, runDir: tempRunDir(), config, seed, classes: 2, progress: quietProgress });
      const bytes = weightBytes(model);
      model.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore); // nothing left behind by training
      return bytes;
    };
    const initial = weightBytes(tinyModel(7));
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a.equals(initial)).toBe(false);
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(false);
  });

  it('a run aborted after its epoch-1 checkpoint resumes to exactly the weights of an uninterrupted run', async () => {
    const train = toyDataset(64, 2);
    const test = toyDataset(32, 3, 'test');
    const config = trainConfig({ epochs: 2, schedule: 'cosine', augment: true, weightDecay: 1e-4, checkpoints: { everySteps: null, everyEpochs: 1, first: true, last: true } });
    const common = { train, test, config, seed: 11, classes: 2, progress: quietProgress };

    const whole = tinyModel(5);
    const uninterrupted = await trainModel({ ...common, model: whole, runDir: tempRunDir() });
    expect(uninterrupted.checkpoints.map((m) => m.name)).toEqual(['step-000000', 'step-000004', 'step-000008']);
    expect(uninterrupted.resumedFrom).toBeUndefined();

    const runDir = tempRunDir();
    const controller = new AbortController();
    const crashed = tinyModel(5);
    const onCheckpoint = (meta: CheckpointMeta) => {
      if (meta.epoch === 1) controller.abort(new Error('simulated crash'));
    };
    await expect(trainModel({ ...common, model: crashed, runDir, signal: controller.signal, onCheckpoint })).rejects.toThrow('simulated crash');
    expect(readdirSync(runDir)).toEqual(['step-000000', 'step-000004']); // no half checkpoint, no temp dir
    crashed.dispose();

    const tensorsBefore = tf.memory().numTensors;
    const resumedModel = tinyModel(5);
    const resumed = await trainModel({ ...common, model: resumedModel, runDir });
    expect(resumed.resumedFrom).toBe('step-000004');
    expect(weightBytes(resumedModel).equals(weightBytes(whole))).toBe(true);
    resumedModel.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore); // nor by resuming
    expect(resumed.checkpoints.map(comparable)).toEqual(uninterrupted.checkpoints.map(comparable));

    // A finished run asked again trains nothing and lists what is there.
    const again = await trainModel({ ...common, model: tinyModel(5), runDir });
    expect(again.resumedFrom).toBe('step-000008');
    expect(again.checkpoints.map(comparable)).toEqual(uninterrupted.checkpoints.map(comparable));
  });

  it('refuses a run directory holding checkpoints of another training, saying what to do', async () => {
    const runDir = tempRunDir();
    const common = { model: tinyModel(1), train: toyDataset(32, 4), runDir, seed: 1, classes: 2, progress: quietProgress };
    await trainModel({ ...common, config: trainConfig() });
    await expectI2xRejection(trainModel({ ...common, model: tinyModel(1), config: trainConfig({ lr: 1e-2 }) }), 'E_CHECKPOINT', runDir, 'another training', 'Delete', 'another run name');
    await expectI2xRejection(trainModel({ ...common, model: tinyModel(1), config: trainConfig(), seed: 2 }), 'E_CHECKPOINT', runDir);
  });

  it('learns a toy two-class task on wasm: the training loss falls and train accuracy passes 90%', async () => {
    const train = toyDataset(128, 6);
    const test = toyDataset(64, 7, 'test');
    const model = tinyModel(3);
    const { checkpoints } = await trainModel({
      model,
      train,
      test,
      runDir: tempRunDir(),
      config: trainConfig({ epochs: 4, batchSize: 32, checkpoints: { everySteps: null, everyEpochs: 1, first: false, last: true } }),
      seed: 3,
      classes: 2,
      progress: quietProgress,
    });
    const losses = checkpoints.map((m) => m.trainLoss!);
    expect(losses).toHaveLength(4);
    expect(losses[3]).toBeLessThan(losses[0] * 0.6);
    const onTrain = await evaluateModel(model, train, 64);
    expect(onTrain.accuracy).toBeGreaterThan(0.9);
    expect(checkpoints[3].testAccuracy).toBeGreaterThan(0.9);
  });
});
