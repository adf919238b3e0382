import { describe, expect, it } from 'vitest';
import type { FinetuneRunResult } from '../../src/finetune/FinetuneRunResult.js';
import { formatPredictionAgreement, predictionAgreement } from '../../src/finetune/predictionAgreement.js';

const run = (strategy: string, seed: number, predicted?: number[]): FinetuneRunResult =>
  ({ strategy, seed, ...(predicted ? { testPredicted: Int32Array.from(predicted) } : {}) }) as unknown as FinetuneRunResult;

describe('predictionAgreement', () => {
  it('is, per strategy and seed, the share of test images predicted as the reference of the same seed predicts them', () => {
    const runs = [
      run('curated->full', 1, [0, 1, 2, 2, 1]),
      run('curated->full', 0, [0, 1, 2, 3, 4]),
      run('full->full', 0, [0, 1, 2, 3, 0]),
      run('full->full', 1, [0, 1, 1, 1, 1]),
      run('random->full', 0, [4, 4, 4, 4, 4]),
      run('random->full', 2, [0, 1, 2, 3, 0]), // the reference has no seed 2
      run('full', 0), // no stored predictions
    ];
    const agreement = predictionAgreement(runs, 'full->full');
    expect([...agreement.keys()]).toEqual(['curated->full', 'full->full', 'random->full']);
    // seed 0: 0 1 2 3 4 against 0 1 2 3 0 -> 4 of 5; seed 1: 0 1 2 2 1 against 0 1 1 1 1 -> 0, 1 and the last: 3 of 5
    expect(agreement.get('curated->full')).toEqual([{ seed: 0, value: 0.8 }, { seed: 1, value: 0.6 }]);
    expect(agreement.get('full->full')).toEqual([{ seed: 0, value: 1 }, { seed: 1, value: 1 }]);
    // 4 4 4 4 4 against 0 1 2 3 0: none
    expect(agreement.get('random->full')).toEqual([{ seed: 0, value: 0 }]);
  });

  it('refuses predictions of another length than the reference, naming the run', () => {
    expect(() => predictionAgreement([run('full->full', 0, [1, 2]), run('curated->full', 0, [1])], 'full->full')).toThrow(/curated->full seed 0 has 1 test predictions and the reference 2/);
  });

  it('prints one line per strategy but the reference: its seeds\' agreement in % and their mean', () => {
    const agreement = new Map([
      ['full->full', [{ seed: 0, value: 1 }]],
      ['curated->full', [{ seed: 0, value: 0.8 }, { seed: 1, value: 0.6 }]],
    ]);
    expect(formatPredictionAgreement(agreement, 'full->full').split('\n')).toEqual([
      "strategy       seeds  test predictions as full->full's of the same seed (%)  mean (%)",
      '-------------  -----  -----------------------------------------------------  --------',
      'curated->full      2  0: 80.00, 1: 60.00                                        70.00',
      '',
    ]);
    expect(formatPredictionAgreement(new Map([['full->full', [{ seed: 0, value: 1 }]]]), 'full->full')).toBe('');
  });
});
