import { describe, expect, it } from 'vitest';
import { aggregateResults } from '../../src/finetune/aggregateResults.js';
import type { FinetuneRunResult } from '../../src/finetune/FinetuneRunResult.js';
import { formatFinetuneTable } from '../../src/finetune/formatFinetuneTable.js';
import { meanAndStd } from '../../src/analysis/meanAndStd.js';
import { pairConfusions } from '../../src/finetune/pairConfusions.js';

function run(strategy: string, seed: number, testAccuracy: number, confusions27: number, confusions01: number): FinetuneRunResult {
  return {
    strategy,
    seed,
    phases: [],
    testAccuracy,
    testLoss: 0.1,
    confusion: [],
    pairConfusions: [
      { pair: [2, 7], count: confusions27 },
      { pair: [0, 1], count: confusions01 },
    ],
    valAccuracy: null,
    valLoss: null,
    seconds: 1,
  };
}

describe('fine-tuning results', () => {
  it('meanAndStd uses the sample std (n - 1)', () => {
    const { mean, std } = meanAndStd([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(std).toBeCloseTo(Math.sqrt(5 / 3), 12); // squares 2.25 + 0.25 + 0.25 + 2.25 = 5, over 3
    expect(meanAndStd([7])).toEqual({ mean: 7, std: null });
  });

  it('pairConfusions adds a -> b and b -> a', () => {
    const confusion = [
      [50, 3, 1],
      [4, 40, 0],
      [2, 6, 30],
    ];
    expect(pairConfusions(confusion, [[0, 1], [2, 1]])).toEqual([
      { pair: [0, 1], count: 7 },
      { pair: [2, 1], count: 6 },
    ]);
  });

  it('aggregates each strategy across seeds as mean and sample std, against hand-computed numbers', () => {
    const runs = [
      run('full->full', 0, 0.98, 10, 1),
      run('full->full', 1, 0.99, 8, 1),
      run('full->full', 2, 0.97, 12, 4),
      run('curated->full', 0, 0.985, 9, 0),
      run('curated->full', 1, 0.987, 6, 2),
    ];
    const rows = aggregateResults(runs, 'full->full');
    expect(rows.map((r) => [r.strategy, r.seeds])).toEqual([['full->full', 3], ['curated->full', 2]]);
    const [full, curated] = rows;
    // accuracies 0.98, 0.99, 0.97: mean 0.98, deviations ±0.01 -> std sqrt(0.0002 / 2) = 0.01
    expect(full.testAccuracy.mean).toBeCloseTo(0.98, 12);
    expect(full.testAccuracy.std).toBeCloseTo(0.01, 12);
    // 2<->7: 10, 8, 12 -> mean 10, std sqrt(8 / 2) = 2; 0<->1: 1, 1, 4 -> mean 2, std sqrt((1 + 1 + 4) / 2) = sqrt(3)
    expect(full.pairConfusions.map((p) => p.pair)).toEqual([[2, 7], [0, 1]]);
    expect(full.pairConfusions[0].confusions.mean).toBe(10);
    expect(full.pairConfusions[0].confusions.std).toBeCloseTo(2, 12);
    expect(full.pairConfusions[1].confusions.std).toBeCloseTo(Math.sqrt(3), 12);
    // 0.985, 0.987: mean 0.986, std sqrt(2 * 0.001^2) = 0.0014142; 9, 6: mean 7.5, std sqrt(4.5) = 2.1213
    expect(curated.testAccuracy.mean).toBeCloseTo(0.986, 12);
    expect(curated.testAccuracy.std).toBeCloseTo(Math.SQRT2 * 0.001, 12);
    expect(curated.pairConfusions[0].confusions.mean).toBe(7.5);
    expect(curated.pairConfusions[0].confusions.std).toBeCloseTo(Math.sqrt(4.5), 12);

    // paired with full->full by seed (seeds 0 and 1 only: curated->full has no seed 2): differences 0.985 - 0.98 = 0.005 and
    // 0.987 - 0.99 = -0.003 -> mean 0.001, std 0.004 * sqrt(2); t_{0.975,1} = 12.7062 -> half-width 12.7062 * 0.004 = 0.0508
    expect(full.testVsReference).toBeNull();
    expect(curated.testVsReference!.seeds).toEqual([0, 1]);
    expect(curated.testVsReference!.mean).toBeCloseTo(0.001, 12);
    expect(curated.testVsReference!.interval!.low).toBeCloseTo(0.001 - 12.7062047 * 0.004, 6);
    expect(curated.testVsReference!.interval!.high).toBeCloseTo(0.001 + 12.7062047 * 0.004, 6);

    expect(rows.map((r) => r.agreement)).toEqual([null, null]); // no predictions given

    const base = { testAccuracy: 0.975, testLoss: 0.2, confusion: [], pairConfusions: [{ pair: [2, 7] as [number, number], count: 14 }, { pair: [0, 1] as [number, number], count: 3 }] };
    const text = formatFinetuneTable(rows, { reference: 'full->full', base, classNames: ['zero', 'one', '2', '3', '4', '5', '6', '7'] });
    expect(text.split('\n')).toEqual([
      'strategy                 seeds  test accuracy (%)  vs full->full (pp, paired, 95% CI)  2<->7 confusions  zero<->one confusions',
      '-----------------------  -----  -----------------  ----------------------------------  ----------------  ---------------------',
      'base (final checkpoint)      -  97.50              -                                   14.00             3.00',
      'full->full                   3  98.00 ± 1.00       reference                           10.00 ± 2.00      2.00 ± 1.73',
      'curated->full                2  98.60 ± 0.14       +0.10 [-4.98, +5.18]                7.50 ± 2.12       1.00 ± 1.41',
      '',
    ]);
  });

  it('shows each strategy\'s prediction agreement with the reference, mean ± std over seeds, when the runs have it', () => {
    const runs = [run('full->full', 0, 0.98, 10, 1), run('full->full', 1, 0.99, 8, 1), run('curated->full', 0, 0.985, 9, 0), run('curated->full', 1, 0.987, 6, 2)];
    const agreement = new Map([
      ['full->full', [{ seed: 0, value: 1 }, { seed: 1, value: 1 }]],
      ['curated->full', [{ seed: 0, value: 0.99 }, { seed: 1, value: 0.97 }]],
    ]);
    const rows = aggregateResults(runs, 'full->full', agreement);
    // 0.99, 0.97: mean 0.98, std sqrt(2 * 0.01^2 / 1) = 0.0141421
    expect(rows[1].agreement!.mean).toBeCloseTo(0.98, 12);
    expect(rows[1].agreement!.std).toBeCloseTo(Math.SQRT2 * 0.01, 12);
    expect(rows[0].agreement).toEqual({ mean: 1, std: 0 });
    const lines = formatFinetuneTable(rows, { reference: 'full->full' }).split('\n');
    expect(lines[0]).toBe('strategy       seeds  test accuracy (%)  vs full->full (pp, paired, 95% CI)  predictions as full->full (%)  2<->7 confusions  0<->1 confusions');
    expect(lines[2]).toBe('full->full         2  98.50 ± 0.71       reference                           reference                      9.00 ± 1.41       1.00 ± 0.00');
    // accuracy differences +0.005, -0.003: mean +0.10 pp, std 0.5657 pp, t_{0.975,1} 12.706 -> ±5.08
    expect(lines[3]).toBe('curated->full      2  98.60 ± 0.14       +0.10 [-4.98, +5.18]                98.00 ± 1.41                   7.50 ± 2.12       1.00 ± 1.41');
  });
});
