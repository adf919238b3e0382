import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { takeSamples } from '../../src/data/takeSamples.js';
import { runFinetune, type RunFinetuneOptions } from '../../src/finetune/runFinetune.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import type { Executor } from '../../src/models/parallel/Executor.js';
import { WorkerPool } from '../../src/models/parallel/WorkerPool.js';
import { trainModel } from '../../src/models/trainModel.js';
import type { TrainModelOptions } from '../../src/models/TrainModelOptions.js';
import { quietProgress } from '../models/fixtures/trainFixtures.js';
import { barDataset } from './fixtures/barDataset.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
describe('runFinetune with an executor of 2 workers', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('evaluates the base and every run on one pool it opens and closes, with exactly the one-thread results', async () => {
    const full = barDataset(40, 4);
    const test = barDataset(37, 5, 'test'); // batches of 16, 16 and 5
    const val = barDataset(21, 6, 'test');
    const curated = takeSamples(full, Int32Array.from({ length: 30 }, (_, i) => i));
    const opened: WorkerPool[] = [];
    const twoWorkers: Executor = {
      workers: 2,
      sharesPool: false,
      openPool: async () => {
        const pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
        opened.push(pool);
        return pool;
      },
    };
    // training stays in this thread (the same weights either way), so only where evaluation runs differs
    const trainPhase = (options: TrainModelOptions) => trainModel({ ...options, executor: undefined });
    const options: RunFinetuneOptions = {
      strategies: ['curated->full', 'full'],
      seeds: 2,
      epochs: { first: 1, second: 1 },
      loadBase: async () => buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 10, width: 0.25, seed: 9 }),
      sets: { full, curated },
      val,
      test,
      settings: { batchSize: 16, optimizer: 'adam', lr: 3e-3, momentum: 0.9, weightDecay: 0, augment: false },
      pairs: [[0, 1]],
      runDir: '/nonexistent/finetune-never-written',
      progress: quietProgress,
      trainPhase,
    };
    const tensorsBefore = tf.memory().numTensors;
    const oneThread = await runFinetune(options);
    const pooled = await runFinetune({ ...options, executor: twoWorkers });
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    expect(opened).toHaveLength(1); // one pool for the invocation's evaluations
    await expect(opened[0].request(0, 'usage', {})).rejects.toThrow(/closed/);
    const comparable = (r: Awaited<ReturnType<typeof runFinetune>>) => ({ base: r.base, runs: r.runs.map(({ seconds: _, ...rest }) => rest) });
    expect(comparable(pooled)).toEqual(comparable(oneThread));
    // the comparison can fail: the runs differ from each other and from the base
    expect(new Set(oneThread.runs.map((r) => r.testLoss)).size).toBe(4);
    expect(oneThread.runs.every((r) => r.valLoss !== null && r.testLoss !== oneThread.base.testLoss)).toBe(true);
  });
});
