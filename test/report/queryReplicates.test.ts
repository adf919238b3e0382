import { afterAll, describe, expect, it } from 'vitest';
import { queryReplicates } from '../../src/report/queryReplicates.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeFinetuneReplicates } from '../../src/store/writers/writeFinetuneReplicates.js';
import { tempStoreDir } from '../store/tempStoreDir.js';

const temp = tempStoreDir();
afterAll(() => temp.remove());

describe('queryReplicates', () => {
  it("reads the replicate sets a run is a base of, with every base's number and the statistics over bases as stored", async () => {
    const store = await I2xStore.create(temp.path('replicates.duckdb'));
    try {
      const record = (metric: string, meanDiff: number, perBase: [number, string, number][], t: [number, number] | null) => ({
        strategy: 'curated->full', baseline: 'full->full', metric, meanDiff,
        t: t && { low: t[0], high: t[1] }, bootstrap: t && { low: t[0] / 2, high: t[1] / 2 }, signP: t && 0.5, wilcoxonP: t && 0.25,
        perBase: perBase.map(([seed, run, d]) => ({ seed, run, meanDiff: d })),
      });
      // seeds written out of order: the bases come back by ascending seed
      await writeFinetuneReplicates(store, 'm-replicates', [
        record('test_accuracy', 0.04, [[3, 'm-seed3', 0.03], [0, 'm-seed0', 0.05]], [-0.087, 0.167]),
        record('confusions 2<->7', -1.5, [[3, 'm-seed3', -2], [0, 'm-seed0', -1]], null),
      ]);
      await writeFinetuneReplicates(store, 'o-replicates', [
        { ...record('test_accuracy', 1, [[0, 'm-seed0', 1], [1, 'o-seed1', 1]], null), strategy: 'random->full' },
        { ...record('test_accuracy', 2, [[0, 'm-seed0', 2], [1, 'o-seed1', 2]], null), strategy: 'curated->full' },
        { ...record('test_accuracy', 3, [[0, 'm-seed0', 3], [1, 'o-seed1', 3]], null), strategy: 'aaa->full' },
      ]);
      // another set, without m-seed0: not read
      await writeFinetuneReplicates(store, 'n-replicates', [record('test_accuracy', 9, [[0, 'n-seed0', 9], [1, 'n-seed1', 9]], [8, 10])]);

      const [m, o, ...none] = await queryReplicates(store, 'm-seed0', ['full->full', 'random->full', 'curated->full']);
      expect(none).toEqual([]);
      // strategies in the configured order, one not configured after them
      expect(o.comparisons.map((c) => c.strategy)).toEqual(['random->full', 'curated->full', 'aaa->full']);
      expect([m]).toEqual([
        {
          runId: 'm-replicates',
          bases: [{ seed: 0, run: 'm-seed0' }, { seed: 3, run: 'm-seed3' }],
          comparisons: [
            {
              strategy: 'curated->full', baseline: 'full->full', metric: 'test_accuracy', pair: null, n: 2, meanDiff: 0.04,
              t: { low: -0.087, high: 0.167 }, bootstrap: { low: -0.0435, high: 0.0835 }, signP: 0.5, wilcoxonP: 0.25,
              perBase: [{ seed: 0, run: 'm-seed0', meanDiff: 0.05 }, { seed: 3, run: 'm-seed3', meanDiff: 0.03 }],
            },
            {
              strategy: 'curated->full', baseline: 'full->full', metric: 'confusions 2<->7', pair: [2, 7], n: 2, meanDiff: -1.5,
              t: null, bootstrap: null, signP: null, wilcoxonP: null,
              perBase: [{ seed: 0, run: 'm-seed0', meanDiff: -1 }, { seed: 3, run: 'm-seed3', meanDiff: -2 }],
            },
          ],
        },
      ]);
      expect(await queryReplicates(store, 'm-seed3', [])).toHaveLength(1);
      expect(await queryReplicates(store, 'm-replicates', [])).toEqual([]);
      expect(await queryReplicates(store, 'never-replicated', [])).toEqual([]);
    } finally {
      store.close();
    }
  });
});
