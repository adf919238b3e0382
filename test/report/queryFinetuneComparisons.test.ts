import { afterAll, describe, expect, it } from 'vitest';
import { queryFinetuneComparisons } from '../../src/report/queryFinetuneComparisons.js';
import { finetuneSentences } from '../../src/report/summary/finetuneSentences.js';
import { SummaryWords } from '../../src/report/summary/SummaryWords.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeFinetuneComparisons, writeFinetuneResult } from '../../src/store/index.js';
import { tempStoreDir } from '../store/tempStoreDir.js';

const temp = tempStoreDir();
afterAll(() => temp.remove());

describe('queryFinetuneComparisons', () => {
  it('reads the stored comparisons and per-seed agreement as they are, NULLs as null, in the configured strategy order', async () => {
    const store = await I2xStore.create(temp.path('comparisons.duckdb'));
    try {
      for (const [strategy, seed, agreement] of [['full->full', 0, 1], ['full->full', 1, 1], ['random->full', 0, 0.75], ['random->full', 1, 0.5], ['curated->full', 0, undefined]] as const) {
        await writeFinetuneResult(store, 'r', { strategy, seed, testAcc: 0.5, ...(agreement === undefined ? {} : { agreement }) });
      }
      const row = (strategy: string, metric: string, n: number, meanDiff: number, t: [number, number] | null, signP: number | null, agreement: number | null) => ({
        strategy, baseline: 'full->full', metric, n, meanDiff, t: t && { low: t[0], high: t[1] }, bootstrap: t && { low: t[0] / 2, high: t[1] / 2 }, signP, wilcoxonP: signP && signP / 2, agreement, invocation: 'i',
      });
      await writeFinetuneComparisons(store, 'r', [
        row('random->full', 'test_accuracy', 2, -0.01, [-0.03, 0.01], 1, 0.625),
        row('random->full', 'confusions 6<->0', 2, 3, [1, 5], 0.5, 0.625),
        row('curated->full', 'test_accuracy', 1, 0.02, null, null, null),
      ]);
      await writeFinetuneComparisons(store, 'other-run', [row('x', 'test_accuracy', 2, 9, [8, 10], 1, 1)]);
      const comparisons = await queryFinetuneComparisons(store, 'r', ['full->full', 'random->full', 'curated->full']);
      expect(comparisons).toEqual([
        {
          strategy: 'random->full', baseline: 'full->full', agreement: 0.625, agreementBySeed: [{ seed: 0, agreement: 0.75 }, { seed: 1, agreement: 0.5 }],
          accuracy: { n: 2, meanDiff: -0.01, t: { low: -0.03, high: 0.01 }, bootstrap: { low: -0.015, high: 0.005 }, signP: 1, wilcoxonP: 0.5 },
          confusions: [{ pair: [6, 0], n: 2, meanDiff: 3, t: { low: 1, high: 5 }, bootstrap: { low: 0.5, high: 2.5 }, signP: 0.5, wilcoxonP: 0.25 }],
        },
        {
          strategy: 'curated->full', baseline: 'full->full', agreement: null, agreementBySeed: [],
          accuracy: { n: 1, meanDiff: 0.02, t: null, bootstrap: null, signP: null, wilcoxonP: null },
          confusions: [],
        },
      ]);
      const finetune = ['full->full', 'random->full', 'curated->full'].map((strategy) => ({
        strategy, runs: 2, testMean: 0.5, testStd: 0, valMean: null, valStd: null, removedMean: null, seeds: [], pairConfusions: [],
      }));
      expect(finetuneSentences(finetune, comparisons, new SummaryWords(['top', '1', '2', '3', '4', '5', 'shirt'])).slice(1)).toEqual([
        'Against full->full, paired by seed, random->full: test accuracy shows no detectable difference (mean -1.00 pp, 95% t CI [-3.00, +1.00] pp, includes 0, ' +
          'bootstrap [-1.50, +0.50] pp; sign p 1, Wilcoxon p 0.5; 2 seeds); the shirt vs top confusions are higher by 3.00 (95% t CI [+1.00, +5.00], bootstrap [+0.50, +2.50]; ' +
          "sign p 0.5, Wilcoxon p 0.25; 2 seeds); its final test predictions equal full->full's on 62.50% of the test images (mean over 2 seeds: 75.00%, 50.00%).",
        'Against full->full, paired by seed, curated->full: test accuracy cannot be compared: 1 shared seed, and the 95% CI of the paired difference needs 2 or more.',
      ]);
    } finally {
      store.close();
    }
  });
});
