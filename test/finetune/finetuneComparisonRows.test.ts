import { describe, expect, it } from 'vitest';
import { finetuneComparisonRows, formatFinetuneComparisons } from '../../src/finetune/finetuneComparisonRows.js';
import type { FinetuneRunResult } from '../../src/finetune/FinetuneRunResult.js';

const run = (strategy: string, seed: number, testAccuracy: number, count: number): FinetuneRunResult =>
  ({ strategy, seed, testAccuracy, pairConfusions: [{ pair: [2, 7], count }] }) as unknown as FinetuneRunResult;

describe('finetuneComparisonRows', () => {
  it('compares every strategy with full->full per seed, on accuracy and pair confusions', () => {
    const runs = [
      ...[0, 1, 2].map((seed) => run('curated->full', seed, [0.9, 0.92, 0.91][seed], [8, 9, 7][seed])),
      ...[0, 1, 2].map((seed) => run('full->full', seed, [0.9, 0.91, 0.93][seed], [10, 9, 10][seed])),
    ];
    const agreement = new Map([['curated->full', [{ seed: 0, value: 0.5 }, { seed: 1, value: 0.75 }, { seed: 2, value: 1 }]]]);
    const rows = finetuneComparisonRows(runs, 'full->full', agreement);
    expect(rows.map((r) => [r.strategy, r.baseline, r.metric])).toEqual([
      ['curated->full', 'full->full', 'test_accuracy'],
      ['curated->full', 'full->full', 'confusions 2<->7'],
    ]);
    expect(rows[1].statistics.differences).toEqual([-2, 0, -3]);
    expect(rows.map((r) => r.agreement)).toEqual([0.75, 0.75]); // (0.5 + 0.75 + 1) / 3 on each metric row
    expect(finetuneComparisonRows(runs, 'full->full').map((r) => r.agreement)).toEqual([null, null]);
    expect(rows[1].statistics.signP).toBeCloseTo(0.5, 12); // 2 nonzero, both negative: 2 * 1/4
    expect(rows[0].statistics.mean).toBeCloseTo(-0.01 / 3, 12); // 0, +0.01, -0.02
    const text = formatFinetuneComparisons(rows);
    expect(text).toContain('no detectable difference');
    expect(text).toContain('confusions 2<->7');
  });
});
