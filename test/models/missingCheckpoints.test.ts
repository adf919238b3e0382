import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { CheckpointMeta } from '../../src/models/CheckpointMeta.js';
import { listCheckpoints } from '../../src/models/listCheckpoints.js';
import { missingCheckpoints } from '../../src/models/missingCheckpoints.js';
import { checkpointTempDir } from '../../src/models/saveCheckpoint.js';
import { trainModel } from '../../src/models/trainModel.js';
import type { TrainResult } from '../../src/models/TrainModelOptions.js';
import { asideDirectory } from '../../src/util/replaceDirectory.js';
import { toyDataset } from './fixtures/toyDataset.js';
import { comparable, quietProgress, tinyModel, trainConfig, useRunDirs } from './fixtures/trainFixtures.js';

const tempRunDir = useRunDirs();

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The sha256 of every binary file of every checkpoint in `runDir`, by checkpoint name. */
function binaryHashes(runDir: string, names: string[]): Record<string, { weights: string; optimizer: string }> {
  return Object.fromEntries(names.map((n) => [n, { weights: sha256(join(runDir, n, 'weights.bin')), optimizer: sha256(join(runDir, n, 'optimizer.bin')) }]));
}

function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] ^= 1;
  writeFileSync(path, bytes);
}

describe('missing checkpoints', () => {
  // 48 samples / 16 = 3 steps per epoch, 6 in all; checkpoints at 0, 2, 4, 6. Augmentation and a cosine
  // schedule take part, so a resumption must get data order, augmentation and learning rate right.
  const train = toyDataset(48, 1);
  const test = toyDataset(16, 2, 'test');
  const config = trainConfig({ epochs: 2, augment: true, schedule: 'cosine', weightDecay: 1e-4, checkpoints: { everySteps: 2, everyEpochs: null, first: true, last: true } });
  const common = { train, test, config, seed: 5, classes: 2, progress: quietProgress };
  const names = ['step-000000', 'step-000002', 'step-000004', 'step-000006'];
  const complete = tempRunDir();
  let uninterrupted: TrainResult;
  let hashes: ReturnType<typeof binaryHashes>;

  /** A copy of the complete run directory to damage. */
  const copyOfComplete = (): string => {
    const dir = tempRunDir();
    cpSync(complete, dir, { recursive: true });
    return dir;
  };

  /** Trains into `runDir` with a fresh model, as `i2x run --force train` would. */
  const retrain = async (runDir: string): Promise<TrainResult> => {
    const model = tinyModel(4);
    try {
      return await trainModel({ ...common, model, runDir });
    } finally {
      model.dispose();
    }
  };

  /** `runDir` holds exactly the uninterrupted run's checkpoints: same files, same weights and optimizer bytes. */
  const expectComplete = (runDir: string, result: TrainResult) => {
    expect(readdirSync(runDir)).toEqual(names);
    expect(binaryHashes(runDir, names)).toEqual(hashes);
    expect(result.checkpoints.map(comparable)).toEqual(uninterrupted.checkpoints.map(comparable));
    expect(missingCheckpoints(runDir, names)).toEqual([]);
  };

  beforeAll(async () => {
    await selectBackend('wasm');
    uninterrupted = await retrain(complete);
    expect(uninterrupted.checkpoints.map((m) => m.name)).toEqual(names);
    hashes = binaryHashes(complete, names);
  });

  it('missingCheckpoints names each absent, incomplete or damaged checkpoint and says what is wrong', () => {
    expect(missingCheckpoints(complete, names)).toEqual([]);
    expect(missingCheckpoints(join(complete, 'nowhere'), ['step-000000'])).toEqual([{ name: 'step-000000', problem: 'absent' }]);

    const runDir = copyOfComplete();
    rmSync(join(runDir, 'step-000002'), { recursive: true });
    rmSync(join(runDir, 'step-000004', 'weights.bin'));
    flipByte(join(runDir, 'step-000006', 'optimizer.bin'), 3);
    writeFileSync(join(runDir, 'step-000000', 'meta.json'), '{"format": "i2x-checkpoint/1", "na');
    expect(missingCheckpoints(runDir, [...names, 'step-000008'])).toEqual([
      { name: 'step-000000', problem: expect.stringContaining('meta.json cannot be read') },
      { name: 'step-000002', problem: 'absent' },
      { name: 'step-000004', problem: expect.stringContaining('weights.bin is missing') },
      { name: 'step-000006', problem: expect.stringContaining(`optimizer.bin has sha256 ${sha256(join(runDir, 'step-000006', 'optimizer.bin'))}`) },
      { name: 'step-000008', problem: 'absent' },
    ]);
    // without hashing, only what is absent or unreadable counts
    expect(missingCheckpoints(runDir, names, { verifyHashes: false }).map((m) => m.name)).toEqual(['step-000000', 'step-000002', 'step-000004']);

    flipByte(join(runDir, 'step-000006', 'optimizer.bin'), 3); // restored
    flipByte(join(runDir, 'step-000006', 'weights.bin'), 5);
    expect(missingCheckpoints(runDir, ['step-000006'])).toEqual([
      { name: 'step-000006', problem: `weights.bin has sha256 ${sha256(join(runDir, 'step-000006', 'weights.bin'))}, but meta.json records ${hashes['step-000006'].weights}` },
    ]);
  });

  it('a deleted middle checkpoint is trained again from the one before it, and the later ones rewritten bit-identically', async () => {
    const runDir = copyOfComplete();
    rmSync(join(runDir, 'step-000004'), { recursive: true });
    const before = JSON.parse(readFileSync(join(runDir, 'step-000006', 'meta.json'), 'utf8')) as CheckpointMeta;
    const result = await retrain(runDir);
    expect(result.resumedFrom).toBe('step-000002');
    expectComplete(runDir, result);
    const after = JSON.parse(readFileSync(join(runDir, 'step-000006', 'meta.json'), 'utf8')) as CheckpointMeta;
    expect(after.writtenAt).not.toBe(before.writtenAt); // rewritten, not kept
  });

  it('a deleted step-0 checkpoint is trained again from the initial weights', async () => {
    const runDir = copyOfComplete();
    rmSync(join(runDir, 'step-000000'), { recursive: true });
    const result = await retrain(runDir);
    expect(result.resumedFrom).toBeUndefined();
    expectComplete(runDir, result);
  });

  it('damaged checkpoints (changed weights, an unreadable meta.json) are trained again', async () => {
    const runDir = copyOfComplete();
    flipByte(join(runDir, 'step-000002', 'weights.bin'), 11);
    writeFileSync(join(runDir, 'step-000006', 'meta.json'), 'not json');
    const result = await retrain(runDir);
    expect(result.resumedFrom).toBe('step-000000');
    expectComplete(runDir, result);
  });

  it('directories left by interrupted checkpoint writes are removed when training starts', async () => {
    const runDir = copyOfComplete();
    // a temp directory of a save killed while writing, and the old copy a replacement had set aside
    const temp = checkpointTempDir(runDir, 'step-000004');
    mkdirSync(temp);
    writeFileSync(join(temp, 'weights.bin'), 'half written');
    cpSync(join(runDir, 'step-000004'), asideDirectory(join(runDir, 'step-000004')), { recursive: true });
    expect(readdirSync(runDir)).toHaveLength(names.length + 2);
    const result = await retrain(runDir);
    expect(result.resumedFrom).toBe('step-000006'); // nothing was missing
    expectComplete(runDir, result);
  });

  it('listCheckpoints skips an old copy set aside by an interrupted replacement and an unreadable meta.json', () => {
    const runDir = copyOfComplete();
    cpSync(join(runDir, 'step-000004'), asideDirectory(join(runDir, 'step-000004')), { recursive: true });
    writeFileSync(join(runDir, 'step-000002', 'meta.json'), '');
    expect(listCheckpoints(runDir).map((m) => m.name)).toEqual(['step-000000', 'step-000004', 'step-000006']);
  });
});
