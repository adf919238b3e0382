import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolKeeper } from '../../src/models/parallel/PoolKeeper.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { takeSamples } from '../../src/data/takeSamples.js';
import { aggregateResults } from '../../src/finetune/aggregateResults.js';
import { formatFinetuneTable } from '../../src/finetune/formatFinetuneTable.js';
import { runFinetune } from '../../src/finetune/runFinetune.js';
import { baselineStrategy, strategyPhases } from '../../src/finetune/strategies.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import { derivedSeed } from '../../src/util/derivedSeed.js';
import { trainModel } from '../../src/models/trainModel.js';
import type { TrainModelOptions } from '../../src/models/TrainModelOptions.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { quietProgress, weightBytes } from '../models/fixtures/trainFixtures.js';
import { barDataset } from './fixtures/barDataset.js';
import { executor } from '../../src/models/parallel/Executor.js';

describe('strategyPhases', () => {
  it('lists each strategy as its phases, leaving out phases of 0 epochs', () => {
    const epochs = { first: 1, second: 2 };
    expect(strategyPhases('full->full', epochs)).toEqual([{ data: 'full', epochs: 1 }, { data: 'full', epochs: 2 }]);
    expect(strategyPhases('curated->full', epochs)).toEqual([{ data: 'curated', epochs: 1 }, { data: 'full', epochs: 2 }]);
    expect(strategyPhases('full', epochs)).toEqual([{ data: 'full', epochs: 1 }]);
    expect(strategyPhases('curated', epochs)).toEqual([{ data: 'curated', epochs: 1 }]);
    expect(strategyPhases('curated->curated', epochs)).toEqual([{ data: 'curated', epochs: 1 }, { data: 'curated', epochs: 2 }]);
    expect(strategyPhases('random->full', epochs)).toEqual([{ data: 'random', epochs: 1 }, { data: 'full', epochs: 2 }]);
    expect(strategyPhases('random', epochs)).toEqual([{ data: 'random', epochs: 1 }]);
    expect(strategyPhases('curated->full', { first: 0, second: 3 })).toEqual([{ data: 'full', epochs: 3 }]);
  });

  it("gives a curation baseline's strategy '<score>->full' its own set first, then the full set", () => {
    expect(baselineStrategy('self-confidence')).toBe('self-confidence->full');
    expect(strategyPhases('aum->full', { first: 1, second: 2 })).toEqual([{ data: 'aum', epochs: 1 }, { data: 'full', epochs: 2 }]);
    expect(strategyPhases('cartography-hard->full', { first: 1, second: 0 })).toEqual([{ data: 'cartography-hard', epochs: 1 }]);
    expect(() => strategyPhases('random-score->full' as never, { first: 1, second: 1 })).toThrow(/'random-score->full' is not known; accepted: .*'<score>->full' for a score of finetune\.curation\.baselines/);
  });
});

// one set of worker threads lent to every training of this file, as runPipeline lends one to all stages of a call
const pools = new PoolKeeper();

describe('runFinetune', () => {
  afterAll(async () => {
    await pools.close();
  });
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('runs every strategy and seed from the same base weights, seeds changing only the data order, and makes the table', async () => {
    const full = barDataset(48, 1);
    const test = barDataset(30, 2, 'test');
    const curated = takeSamples(full, Int32Array.from({ length: 36 }, (_, i) => i)); // the first 36 samples
    const base = () => buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 10, width: 0.25, seed: 3 });
    const probe = base();
    const baseBytes = weightBytes(probe);
    probe.dispose();

    /** every phase trainModel was asked to train, with the weights it started from and its first epoch's order */
    const calls: { start: Buffer; end: Buffer; samples: number; seed: number; order: Int32Array; workers?: number }[] = [];
    const trainPhase = async (options: TrainModelOptions) => {
      const start = weightBytes(options.model);
      const order = new SeededRandom(derivedSeed(options.seed, 'epoch-order', 0)).permutation(options.train.count); // as trainModel draws it
      // every phase is asked for the configured thread count; it trains here in one thread to keep the test fast
      const result = await trainModel({ ...options, executor: undefined });
      calls.push({ start, end: weightBytes(options.model), samples: options.train.count, seed: options.seed, order, workers: options.executor?.workers });
      return result;
    };

    const tensorsBefore = tf.memory().numTensors;
    const results = await runFinetune({
      strategies: ['curated->full', 'full->full'],
      seeds: 2,
      epochs: { first: 1, second: 1 },
      loadBase: async () => base(),
      sets: { full, curated },
      val: null,
      test,
      settings: { batchSize: 16, optimizer: 'adam', lr: 3e-3, momentum: 0.9, weightDecay: 0, augment: false },
      pairs: [[0, 1]],
      executor: executor(2, pools),
      runDir: '/nonexistent/finetune-never-written',
      progress: quietProgress,
      trainPhase,
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // every model copy disposed

    // calls, seed-major: curated->full seed 0 (2 phases), full->full seed 0 (2), then both again with seed 1
    expect(calls.map((c) => c.samples)).toEqual([36, 48, 48, 48, 36, 48, 48, 48]);
    expect(calls.map((c) => c.workers)).toEqual(Array(8).fill(2));
    const firstPhases = [calls[0], calls[2], calls[4], calls[6]];
    for (const call of firstPhases) expect(call.start.equals(baseBytes)).toBe(true); // before the first update: the base
    for (const call of [calls[1], calls[3], calls[5], calls[7]]) expect(call.start.equals(baseBytes)).toBe(false); // phase 2 continues phase 1

    // seeds differ in data order only: same base, different orders, different weights after training
    const [curatedSeed0, curatedSeed1] = [calls[0], calls[4]];
    const [fullSeed0, fullSeed1] = [calls[2], calls[6]];
    expect(fullSeed0.seed).not.toBe(fullSeed1.seed);
    expect(fullSeed0.order).not.toEqual(fullSeed1.order);
    expect(fullSeed0.end.equals(fullSeed1.end)).toBe(false);
    expect(curatedSeed0.order).not.toEqual(curatedSeed1.order);
    // the same seed gives the second phase on the full set the same order in both strategies
    expect(calls[1].seed).toBe(calls[3].seed);
    expect(calls[5].seed).toBe(calls[7].seed);
    expect(calls[1].seed).not.toBe(calls[5].seed);

    expect(results.runs.map((r) => [r.strategy, r.seed])).toEqual([['curated->full', 0], ['curated->full', 1], ['full->full', 0], ['full->full', 1]]);
    for (const r of results.runs) {
      expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
      expect(r.testAccuracy).toBe(r.confusion.reduce((s, row, c) => s + row[c], 0) / 30);
      expect(r.pairConfusions).toEqual([{ pair: [0, 1], count: r.confusion[0][1] + r.confusion[1][0] }]);
      expect(r.phases.map((p) => p.data)).toEqual(r.strategy === 'curated->full' ? ['curated', 'full'] : ['full', 'full']);
    }
    expect(results.base.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);

    const text = formatFinetuneTable(aggregateResults(results.runs, 'full->full'), { reference: 'full->full', base: results.base, classNames: full.classNames });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^strategy +seeds +test accuracy \(%\) +vs full->full \(pp, paired, 95% CI\) +0<->1 confusions$/);
    expect(lines[2]).toMatch(/^base \(final checkpoint\) +- +\d+\.\d\d +- +\d+\.00$/);
    expect(lines[3]).toMatch(/^curated->full +2 +\d+\.\d\d ± \d+\.\d\d +[-+]\d+\.\d\d \[[-+]\d+\.\d\d, [-+]\d+\.\d\d\] +\d+\.\d\d ± \d+\.\d\d$/);
    expect(lines[4]).toMatch(/^full->full +2 +\d+\.\d\d ± \d+\.\d\d +reference +\d+\.\d\d ± \d+\.\d\d$/);
  });
});
