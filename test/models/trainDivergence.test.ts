import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { chanceAccuracy, divergenceWarning } from '../../src/models/divergenceWarning.js';
import { loadCheckpoint } from '../../src/models/loadCheckpoint.js';
import { trainModel } from '../../src/models/trainModel.js';
import { toyDataset } from './fixtures/toyDataset.js';
import { expectI2xRejection, quietProgress, tinyModel, trainConfig, useRunDirs, weightBytes } from './fixtures/trainFixtures.js';
import { executor } from '../../src/models/parallel/Executor.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
const tempRunDir = useRunDirs();

/** Every weight of the checkpoint in `dir` is a finite number. */
async function allFinite(dir: string): Promise<boolean> {
  const { model } = await loadCheckpoint(dir);
  const values = new Float32Array(weightBytes(model).buffer.slice(0));
  model.dispose();
  return values.every(Number.isFinite);
}

describe.each([1, 2])('trainModel on %i thread(s) stops a training that goes non-finite', (workers) => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  // 64 samples / 16 = 4 steps per epoch. With lr 10 and weight decay 1e30 (the campaign's command) every
  // weight is multiplied by about -1e31 per step: the loss of step 2 is ~1e31, that of step 3 is NaN.
  it('at the first non-finite loss, naming the step, the epoch and the keys to change; nothing non-finite is written', async () => {
    const runDir = tempRunDir();
    const config = trainConfig({ epochs: 3, optimizer: 'sgd', lr: 10, weightDecay: 1e30, checkpoints: { everySteps: 4, everyEpochs: null, first: true, last: true } });
    const error = await expectI2xRejection(
      trainModel({ model: tinyModel(3), train: toyDataset(64, 1), runDir, config, seed: 1, classes: 2, progress: quietProgress, executor: executor(workers) }),
      'E_TRAIN',
      'step 3 of 12',
      'epoch 1 of 3',
      'loss',
      'NaN',
      'train.lr',
      'train.weightDecay',
      'train.optimizer',
    );
    expect(error.message).toContain('(now 10)'); // the values in use
    // step 0 was finite and stays; step 4 was never reached; no temp directory is left
    expect(readdirSync(runDir)).toEqual(['step-000000']);
    expect(await allFinite(join(runDir, 'step-000000'))).toBe(true);
  });

  // One step of lr 10 and weight decay 1e38 takes BatchNorm's gamma (1) to -1e39: -Infinity. The loss of
  // that step was computed before the update and is finite, and no later step exists to see a NaN loss:
  // only the weights show it, when the checkpoint would be written.
  it('refuses to write a checkpoint whose weights are non-finite, naming the step and the weight', async () => {
    const runDir = tempRunDir();
    const config = trainConfig({ epochs: 1, optimizer: 'sgd', lr: 10, weightDecay: 1e38, checkpoints: { everySteps: null, everyEpochs: null, first: false, last: true } });
    await expectI2xRejection(
      trainModel({ model: tinyModel(3), train: toyDataset(16, 1), runDir, config, seed: 1, classes: 2, progress: quietProgress, executor: executor(workers) }),
      'E_TRAIN',
      'after step 1 of 1',
      'weights',
      'Infinity',
      'step-000001 is not written',
      'train.lr',
    );
    expect(existsSync(runDir) ? readdirSync(runDir) : []).toEqual([]);
  });
});

describe('divergenceWarning', () => {
  const adam = trainConfig({ lr: 1e-3 });
  // (epoch, mean training loss, training accuracy) at the checkpoints of two real quick-start runs
  // (MNIST, 300 images per class, resnet8, Adam, 2 workers): lr 1e-3 (the default) and lr 10
  const normal = [[0.51, 2.031, 0.363], [1, 1.540, 0.594], [1.51, 1.131, 0.800], [2, 0.824, 0.860], [2.51, 0.594, 0.913], [3, 0.443, 0.934]];
  const lr10 = [[0.51, 310.8, 0.108], [1, 6.297, 0.104], [1.51, 2.956, 0.102], [2, 2.592, 0.080], [2.51, 2.784, 0.109], [3, 2.570, 0.104]];
  const meta = ([epoch, trainLoss, trainAccuracy]: number[]) => ({ name: `epoch-${epoch}`, epoch, trainLoss, trainAccuracy, classes: 10 });
  const chance = 0.1; // 10 classes of 270 training images each

  it('stays silent on the normal quick start and warns at every checkpoint of its lr-10 run, naming the keys', () => {
    expect(normal.map((m) => divergenceWarning(meta(m), chance, adam))).toEqual(normal.map(() => null));
    const warnings = lr10.map((m) => divergenceWarning(meta(m), chance, trainConfig({ lr: 10 })));
    expect(warnings[0]).toContain('loss since the previous checkpoint is 311, above 2 ln(10) = 4.61');
    expect(warnings[0]).not.toContain('at chance'); // not judged before epoch 1
    expect(warnings[2]).toContain('accuracy since the previous checkpoint is 10.2%, at chance');
    for (const w of warnings) expect(w).toMatch(/^WARNING: training looks diverged at epoch-.*lower train\.lr \(now 10\)/);
  });

  it('judges accuracy against the most common class: 5% of the way from it to 100% is needed', () => {
    expect(chanceAccuracy(Int32Array.from([0, 1, 1, 2, 1, 0, 1, 2]), 3)).toBe(0.5);
    const twoClass = (trainAccuracy: number) => divergenceWarning({ name: 'c', epoch: 2, trainLoss: 0.6, trainAccuracy, classes: 2 }, 0.5, adam);
    expect(twoClass(0.52)).toContain('52.0%, at chance (always guessing the most common class scores 50.0%)');
    expect(twoClass(0.53)).toBeNull();
    expect(divergenceWarning({ name: 'c', epoch: 0, trainLoss: null, trainAccuracy: null, classes: 2 }, 0.5, adam)).toBeNull(); // step 0
  });

  it('trainModel returns (and logs) the warnings of a training that explodes without going NaN (Adam, lr 10)', async () => {
    await selectBackend('wasm');
    const model = tinyModel(3);
    const config = trainConfig({ epochs: 2, lr: 10, checkpoints: { everySteps: null, everyEpochs: 1, first: true, last: true } });
    const result = await trainModel({ model, train: toyDataset(64, 1), runDir: tempRunDir(), config, seed: 1, classes: 2, progress: quietProgress });
    model.dispose();
    expect(result.checkpoints.map((m) => m.name)).toEqual(['step-000000', 'step-000004', 'step-000008']);
    expect(result.warnings.length).toBeGreaterThan(0);
    for (const w of result.warnings) expect(w).toContain('lower train.lr (now 10)');
  });
});
