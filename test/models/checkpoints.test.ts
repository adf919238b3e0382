import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { CheckpointMeta } from '../../src/models/CheckpointMeta.js';
import { evaluateModel } from '../../src/models/evaluateModel.js';
import { importCheckpoints } from '../../src/models/importCheckpoints.js';
import { listCheckpoints } from '../../src/models/listCheckpoints.js';
import { loadCheckpoint } from '../../src/models/loadCheckpoint.js';
import { trainModel } from '../../src/models/trainModel.js';
import type { TrainResult } from '../../src/models/TrainModelOptions.js';
import { toyDataset } from './fixtures/toyDataset.js';
import { expectI2xRejection, quietProgress, tinyModel, trainConfig, useRunDirs, weightBytes } from './fixtures/trainFixtures.js';

const tempRunDir = useRunDirs();

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('checkpoints', () => {
  const train = toyDataset(80, 1);
  const val = toyDataset(20, 2, 'val');
  const test = toyDataset(30, 3, 'test');
  const resolvedConfig = { name: 'unit', train: { note: 'whatever the caller resolved' } };
  const runDir = tempRunDir();
  let result: TrainResult;
  let trained: tf.LayersModel;
  const reported: CheckpointMeta[] = [];

  beforeAll(async () => {
    await selectBackend('wasm');
    trained = tinyModel(9);
    // 80 samples / 16 = 5 steps per epoch, 10 in all: every 4 steps -> 4, 8; every 0.5 epoch -> 2.5 ~ 3, 5, 7.5 ~ 8, 10
    const config = trainConfig({ epochs: 2, optimizer: 'sgd', checkpoints: { everySteps: 4, everyEpochs: 0.5, first: true, last: true } });
    result = await trainModel({ model: trained, train, val, test, runDir, config, seed: 4, classes: 2, resolvedConfig, progress: quietProgress, onCheckpoint: (m) => void reported.push(m) });
  });

  it('are written at step 0, every n steps, every e epochs and the last, with their meta', () => {
    const names = ['step-000000', 'step-000003', 'step-000004', 'step-000005', 'step-000008', 'step-000010'];
    expect(readdirSync(runDir)).toEqual(names);
    expect(result.checkpoints.map((m) => m.name)).toEqual(names);
    expect(reported).toEqual(result.checkpoints);
    expect(listCheckpoints(runDir)).toEqual(result.checkpoints);
    for (const meta of result.checkpoints) {
      const dir = join(runDir, meta.name);
      expect(readdirSync(dir).sort()).toEqual(['meta.json', 'model.json', 'optimizer.bin', 'weights.bin']);
      expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toEqual(meta);
      expect(meta.weightsSha256).toBe(sha256(join(dir, 'weights.bin')));
      expect(meta.optimizer!.sha256).toBe(sha256(join(dir, 'optimizer.bin')));
      expect(meta.optimizer!.iterations).toBe(meta.step);
      expect(meta.epoch).toBeCloseTo(meta.step / 5, 12);
      expect(meta).toMatchObject({ format: 'i2x-checkpoint/1', classes: 2, backend: 'wasm', config: resolvedConfig, source: { kind: 'trained' } });
      expect(meta.valAccuracy).toBeGreaterThanOrEqual(0);
      expect(meta.testConfusion!.flat().reduce((a, b) => a + b, 0)).toBe(test.count);
      expect((meta.testConfusion![0][0] + meta.testConfusion![1][1]) / test.count).toBeCloseTo(meta.testAccuracy!, 12);
      expect(meta.trainLoss === null).toBe(meta.step === 0);
    }
  });

  it('load back (directory or model.json path) to the same weights and outputs', async () => {
    const last = join(runDir, 'step-000010');
    for (const path of [last, join(last, 'model.json')]) {
      const { model, meta } = await loadCheckpoint(path);
      expect(meta.name).toBe('step-000010');
      expect(weightBytes(model).equals(weightBytes(trained))).toBe(true);
      const [a, b] = [await evaluateModel(model, test, 16, { probabilities: true }), await evaluateModel(trained, test, 16, { probabilities: true })];
      expect(a.probabilities).toEqual(b.probabilities);
      model.dispose();
    }
  });

  it('with a tampered weights.bin are refused, naming the checkpoint and both hashes', async () => {
    const copy = join(dirname(runDir), 'tampered', 'step-000005');
    cpSync(join(runDir, 'step-000005'), copy, { recursive: true });
    const weights = readFileSync(join(copy, 'weights.bin'));
    weights[17] ^= 1;
    writeFileSync(join(copy, 'weights.bin'), weights);
    const recorded = result.checkpoints[3].weightsSha256;
    await expectI2xRejection(loadCheckpoint(copy), 'E_CHECKPOINT', copy, 'refused', recorded, sha256(join(copy, 'weights.bin')));
  });

  it('refuse a meta.json of another format, and a missing model.json, saying what is expected', async () => {
    const copy = join(dirname(runDir), 'other-format', 'step-000000');
    cpSync(join(runDir, 'step-000000'), copy, { recursive: true });
    writeFileSync(join(copy, 'meta.json'), JSON.stringify({ format: 'something-else/2' }));
    await expectI2xRejection(loadCheckpoint(copy), 'E_CHECKPOINT', copy, "'i2x-checkpoint/1'");
    await expectI2xRejection(loadCheckpoint(join(dirname(runDir), 'nowhere')), 'E_CHECKPOINT', 'nowhere', 'model.json');
  });

  it('are listed by step, skipping hidden temp directories and an absent run directory', () => {
    mkdirSync(join(runDir, '.step-000012.123.tmp'));
    try {
      expect(listCheckpoints(runDir).map((m) => m.step)).toEqual([0, 3, 4, 5, 8, 10]);
    } finally {
      rmSync(join(runDir, '.step-000012.123.tmp'), { recursive: true });
    }
    expect(listCheckpoints(join(dirname(runDir), 'absent'))).toEqual([]);
  });

  it("of someone else's model (no meta.json) are imported with test accuracy and confusion matrix", async () => {
    const external = join(dirname(runDir), 'external', 'final');
    mkdirSync(external, { recursive: true });
    for (const file of ['model.json', 'weights.bin']) cpSync(join(runDir, 'step-000010', file), join(external, file));
    const { model, meta } = await loadCheckpoint(external);
    expect(meta.source).toEqual({ kind: 'external', path: external });
    expect(meta.weightsSha256).toBe(sha256(join(external, 'weights.bin')));
    model.dispose();

    const importDir = join(dirname(runDir), 'imported');
    const paths = [join(runDir, 'step-000005'), join(external, 'model.json')];
    const { checkpoints } = await importCheckpoints({ paths, runDir: importDir, classes: 2, test, batchSize: 16 });
    expect(checkpoints.map((m) => [m.name, m.step, m.epoch])).toEqual([['import-000', 0, 1], ['import-001', 1, -1]]);
    expect(checkpoints[1].testConfusion).toEqual(result.checkpoints[5].testConfusion);
    expect(checkpoints[1].testAccuracy).toBe(result.checkpoints[5].testAccuracy);
    expect(checkpoints[1].weightsSha256).toBe(result.checkpoints[5].weightsSha256);
    expect(listCheckpoints(importDir)).toEqual(checkpoints);
    // Importing the same list again keeps the copies; a different list into the same directory is refused.
    expect((await importCheckpoints({ paths, runDir: importDir, classes: 2, test, batchSize: 16 })).checkpoints).toEqual(checkpoints);
    await expectI2xRejection(importCheckpoints({ paths: paths.slice(1), runDir: importDir, classes: 2, test, batchSize: 16 }), 'E_CHECKPOINT', importDir, 'another run');
  });
});
