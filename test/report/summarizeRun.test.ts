import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { FinetuneComparison, FinetuneRow, StoredPairedComparison } from '../../src/report/ReportData.js';
import { summarizeRun, type RunSummaryInput } from '../../src/report/summarizeRun.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Hand-made query results: 3 checkpoints, 2 transitions, the default configured pair (2, 7). */
function input(overrides: Partial<RunSummaryInput> = {}): RunSummaryInput {
  return {
    config: resolveConfig({}),
    checkpoints: [
      { checkpoint: 0, step: 0, epoch: 0, trainAcc: null, valAcc: 0.1, testAcc: 0.1 },
      { checkpoint: 1, step: 10, epoch: 0.5, trainAcc: 0.8, valAcc: 0.9, testAcc: 0.9 },
      { checkpoint: 2, step: 20, epoch: 1, trainAcc: 0.9, valAcc: 0.85, testAcc: 0.85 },
    ],
    separations: [
      { pair: [0, 1], scores: [0.2, 0.4], maxScore: 0.4, firstSeparatedTransition: 0, driver: { prototype: 3, difference: 0.2, group: 1 } },
      { pair: [1, 2], scores: [0.5, 0.1], maxScore: 0.5, firstSeparatedTransition: 0, driver: { prototype: 3, difference: -0.5, group: 0 } },
      { pair: [2, 7], scores: [0.1, 0.6], maxScore: 0.6, firstSeparatedTransition: 1, driver: { prototype: 4, difference: -0.6, group: 2 } },
      { pair: [0, 2], scores: [0, 0], maxScore: 0, firstSeparatedTransition: null, driver: null },
    ],
    trajectories: [
      {
        pair: [2, 7],
        reason: 'configured',
        betas: [
          { transition: 0, prototype: 4, betaA: 0.1, betaB: 0.3 },
          { transition: 1, prototype: 4, betaA: -0.2, betaB: 0.5 },
          { transition: 1, prototype: 5, betaA: 0.3, betaB: 0.1 },
        ],
        confusions: [
          { checkpoint: 0, aAsB: 1, bAsA: 2 },
          { checkpoint: 1, aAsB: 5, bAsA: 4 },
          { checkpoint: 2, aAsB: 1, bAsA: 0 },
        ],
      },
      { pair: [1, 2], reason: 'separated first', betas: [], confusions: [] },
    ],
    uncertain: [
      { prototype: 1, pair: [2, 7], signChanges: 3, maxMagnitude: 0.25, differences: [], scaled: [], consideredTransitions: [], signFlips: [] },
      { prototype: 4, pair: [2, 7], signChanges: 2, maxMagnitude: 0.7, differences: [], scaled: [], consideredTransitions: [], signFlips: [] },
    ],
    finetune: [],
    finetuneComparisons: [],
    replicates: [],
    groupSizes: [
      { transition: 0, grp: -1, size: 2 },
      { transition: 0, grp: 0, size: 5 },
      { transition: 0, grp: 1, size: 3 },
      { transition: 1, grp: -1, size: 5 },
      { transition: 1, grp: 0, size: 5 },
    ],
    ...overrides,
  };
}

/** A strategy's row as queryFinetune returns it, seeds 0..n-1 with these test accuracies. */
function finetuneRow(strategy: string, accuracies: number[], testMean: number, testStd: number | null): FinetuneRow {
  return {
    strategy, runs: accuracies.length, testMean, testStd, valMean: null, valStd: null, removedMean: null,
    seeds: accuracies.map((testAcc, seed) => ({ seed, testAcc })), pairConfusions: [],
  };
}

/** A finetune_comparisons row as the store holds it. */
function stored(n: number, meanDiff: number | null, t: [number, number] | null, bootstrap: [number, number] | null, signP: number | null, wilcoxonP: number | null): StoredPairedComparison {
  const interval = (i: [number, number] | null) => (i === null ? null : { low: i[0], high: i[1] });
  return { n, meanDiff, t: interval(t), bootstrap: interval(bootstrap), signP, wilcoxonP };
}

/** A strategy's stored comparison with the baseline. */
function comparison(strategy: string, baseline: string, accuracy: StoredPairedComparison, more: Partial<FinetuneComparison> = {}): FinetuneComparison {
  return { strategy, baseline, accuracy, confusions: [], agreement: null, agreementBySeed: [], ...more };
}

describe('summarizeRun', () => {
  test('says what the numbers say, one sentence each', () => {
    expect(summarizeRun(input(), DIGITS)).toEqual([
      'Test accuracy went from 10.0% at checkpoint 0 to 85.0% at checkpoint 2; the highest was 90.0% at checkpoint 1.',
      'The first class pairs to separate, at transition 0 (checkpoint 0 -> 1), were 1 vs 2 and 0 vs 1; all involve class 1.',
      'Their strongest separator was prototype 3 for 2 of the 2 pairs (e.g. 1 vs 2: beta difference -0.5 in confidence group 0, favouring 2).',
      'Pair 2 vs 7 was first separated at transition 1 (checkpoint 1 -> 2), most strongly by prototype 4 (beta difference -0.6 in ' +
        'confidence group 2, favouring 7); its test confusions (2 as 7 plus 7 as 2) went from 3 at checkpoint 0 to 1 at checkpoint 2 ' +
        '(peak 9 at checkpoint 1); on the all-samples fit, prototype 4 weighed most (beta difference -0.7 at transition 1, favouring 7).',
      '2 prototypes oscillate between 2 and 7, switching which class they favour: 4 (2 flips, up to 0.7) and 1 (3 flips, up to 0.25).',
      'HDBSCAN found 1 to 2 confidence groups per transition, with 20% to 50% of the samples left as noise.',
      'Fine-tuning has not been run yet.',
    ]);
  });

  test('class names, several separators, no oscillation and fine-tuning results', () => {
    const names = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
    const data = input({
      separations: [
        { pair: [3, 5], scores: [0.3, 0.1], maxScore: 0.3, firstSeparatedTransition: 0, driver: { prototype: 2, difference: 0.3, group: -1 } },
        { pair: [0, 5], scores: [0.2, 0.1], maxScore: 0.2, firstSeparatedTransition: 0, driver: { prototype: 7, difference: 0.2, group: 1 } },
        { pair: [1, 5], scores: [0.1, 0.1], maxScore: 0.1, firstSeparatedTransition: 0, driver: { prototype: 2, difference: -0.1, group: 0 } },
        { pair: [4, 5], scores: [0.05, 0.1], maxScore: 0.1, firstSeparatedTransition: 0, driver: { prototype: 2, difference: 0.05, group: 0 } },
      ],
      trajectories: [],
      uncertain: [],
      finetune: [
        finetuneRow('full->full', [0.86, 0.88, 0.9], 0.88, 0.02),
        finetuneRow('curated->full', [0.89, 0.9, 0.91], 0.9, 0.01),
        finetuneRow('random->full', [0.8, 0.83, 0.85], 0.826667, 0.025166),
      ],
      // the stored values, shown as they are (nothing recomputed from the seeds above)
      finetuneComparisons: [
        comparison('curated->full', 'full->full', stored(3, 0.02, [-0.0048, 0.0448], [0.01, 0.03], 0.25, 0.25), {
          confusions: [{ pair: [3, 5], ...stored(3, -1.5, [-2.5, -0.5], [-2, -1], 0.25, 0.25) }],
          agreement: 0.99,
          agreementBySeed: [{ seed: 0, agreement: 0.98 }, { seed: 1, agreement: 0.99 }, { seed: 2, agreement: 1 }],
        }),
        comparison('random->full', 'full->full', stored(3, -0.053333, [-0.06768, -0.03899], [-0.06, -0.05], 0.25, 0.125)),
      ],
    });
    expect(summarizeRun(data, names).slice(1)).toEqual([
      'The first class pairs to separate, at transition 0 (checkpoint 0 -> 1), were cat vs dog, plane vs dog, car vs dog and 1 more; all involve class dog.',
      'Their strongest separator was prototype 2 for 3 of the 4 pairs and prototype 7 for 1 (e.g. cat vs dog: beta difference +0.3 in the all-samples fit, favouring cat).',
      'No prototype oscillates between bird and horse (at least 2 sign changes of |beta difference| >= 0.25 x the largest at that transition).',
      'HDBSCAN found 1 to 2 confidence groups per transition, with 20% to 50% of the samples left as noise.',
      'Fine-tuning test accuracy, mean +- sample std over 3 seeds: full->full 88.00% +- 2.00%, curated->full 90.00% +- 1.00% and random->full 82.67% +- 2.52%.',
      'Against full->full, paired by seed, curated->full: test accuracy shows no detectable difference (mean +2.00 pp, 95% t CI [-0.48, +4.48] pp, includes 0, ' +
        'bootstrap [+1.00, +3.00] pp; sign p 0.25, Wilcoxon p 0.25; 3 seeds); the cat vs dog confusions are lower by 1.50 (95% t CI [-2.50, -0.50], ' +
        "bootstrap [-2.00, -1.00]; sign p 0.25, Wilcoxon p 0.25; 3 seeds); its final test predictions equal full->full's on 99.00% of the test images " +
        '(mean over 3 seeds: 98.00%, 99.00%, 100.00%).',
      'Against full->full, paired by seed, random->full: test accuracy is lower by 5.33 pp (95% t CI [-6.77, -3.90] pp, bootstrap [-6.00, -5.00] pp; ' +
        'sign p 0.25, Wilcoxon p 0.125; 3 seeds).',
    ]);
  });

  test('fine-tuning without full->full is compared with the first strategy; with one seed nothing is called better', () => {
    const twoSeeds = input({
      finetune: [finetuneRow('curated->full', [0.9, 0.92], 0.91, 0.0141421), finetuneRow('random->full', [0.8, 0.81], 0.805, 0.0070711)],
      finetuneComparisons: [comparison('random->full', 'curated->full', stored(2, -0.105, [-0.1685, -0.0415], [-0.11, -0.1], 0.5, 0.5))],
    });
    expect(summarizeRun(twoSeeds, DIGITS).slice(-2)).toEqual([
      'Fine-tuning test accuracy, mean +- sample std over 2 seeds: curated->full 91.00% +- 1.41% and random->full 80.50% +- 0.71%.',
      'Against curated->full (full->full was not run), paired by seed, random->full: test accuracy is lower by 10.50 pp (95% t CI [-16.85, -4.15] pp, bootstrap [-11.00, -10.00] pp; sign p 0.5, Wilcoxon p 0.5; 2 seeds).',
    ]);
    const oneSeed = input({
      finetune: [finetuneRow('full->full', [0.88], 0.88, null), finetuneRow('curated->full', [0.9], 0.9, null)],
      finetuneComparisons: [comparison('curated->full', 'full->full', stored(1, 0.02, null, null, 1, 1))],
    });
    expect(summarizeRun(oneSeed, DIGITS).slice(-2)).toEqual([
      'Fine-tuning test accuracy with one seed: full->full 88.00% and curated->full 90.00%.',
      "With one seed the 95% confidence interval of a strategy's difference from full->full cannot be computed, so none is called better or worse; set finetune.seeds to 2 or more.",
    ]);
    const unpaired = input({
      finetune: [finetuneRow('full->full', [0.88, 0.89], 0.885, 0.007), { ...finetuneRow('curated->full', [0.9], 0.9, null), seeds: [{ seed: 5, testAcc: 0.9 }] }],
      finetuneComparisons: [comparison('curated->full', 'full->full', stored(0, null, null, null, null, null))],
    });
    expect(summarizeRun(unpaired, DIGITS).slice(-1)).toEqual([
      'Against full->full, paired by seed, curated->full: test accuracy cannot be compared: 0 shared seeds, and the 95% CI of the paired difference needs 2 or more.',
    ]);
    // every difference 0: no p-value, and the interval is the single value 0
    const equal = input({
      finetune: [finetuneRow('full->full', [0.88, 0.89], 0.885, 0.007), finetuneRow('curated->full', [0.88, 0.89], 0.885, 0.007)],
      finetuneComparisons: [comparison('curated->full', 'full->full', stored(2, 0, [0, 0], [0, 0], null, null), { agreement: 1, agreementBySeed: [] })],
    });
    expect(summarizeRun(equal, DIGITS).slice(-1)).toEqual([
      'Against full->full, paired by seed, curated->full: test accuracy shows no detectable difference (mean +0.00 pp, 95% t CI [+0.00, +0.00] pp, includes 0, ' +
        "bootstrap [+0.00, +0.00] pp; sign and Wilcoxon p n/a (every difference is 0); 2 seeds); its final test predictions equal full->full's on 100.00% of the test images.",
    ]);
    const notStored = input({ finetune: [finetuneRow('full->full', [0.88, 0.89], 0.885, 0.007), finetuneRow('curated->full', [0.9, 0.91], 0.905, 0.007)] });
    expect(summarizeRun(notStored, DIGITS).slice(-1)).toEqual([
      'The paired comparisons of the strategies are not in the store (the finetune stage writes them since its version 5); run i2x finetune again to see them.',
    ]);
  });

  test('a replicated run adds one sentence per replicate set and strategy, over base models, as stored', () => {
    const data = input({
      finetune: [finetuneRow('full->full', [0.88, 0.89], 0.885, 0.007), finetuneRow('curated->full', [0.9, 0.91], 0.905, 0.007)],
      finetuneComparisons: [comparison('curated->full', 'full->full', stored(2, 0.02, [0.02, 0.02], [0.02, 0.02], 0.5, 0.5))],
      replicates: [
        {
          runId: 'm-replicates',
          bases: [{ seed: 0, run: 'm-seed0' }, { seed: 3, run: 'm-seed3' }, { seed: 4, run: 'm-seed4' }],
          comparisons: [
            { strategy: 'curated->full', baseline: 'full->full', metric: 'test_accuracy', pair: null, perBase: [], ...stored(3, 0.004, [-0.0018, 0.0098], [-0.001, 0.009], 1, 0.75) },
            { strategy: 'curated->full', baseline: 'full->full', metric: 'confusions 2<->7', pair: [2, 7], perBase: [], ...stored(3, -1.5, [-2.5, -0.5], [-2, -1], 0.25, 0.25) },
            { strategy: 'random->full', baseline: 'full->full', metric: 'test_accuracy', pair: null, perBase: [], ...stored(1, 0.01, null, null, 1, 1) },
          ],
        },
      ],
    });
    expect(summarizeRun(data, DIGITS).slice(-2)).toEqual([
      'Over the 3 base models of m-replicates (training seeds 0, 3 and 4), against full->full, curated->full: test accuracy shows no detectable difference ' +
        '(mean +0.40 pp, 95% t CI [-0.18, +0.98] pp, includes 0, bootstrap [-0.10, +0.90] pp; sign p 1, Wilcoxon p 0.75; 3 base models); ' +
        'the 2 vs 7 confusions are lower by 1.50 (95% t CI [-2.50, -0.50], bootstrap [-2.00, -1.00]; sign p 0.25, Wilcoxon p 0.25; 3 base models).',
      'Over the 3 base models of m-replicates (training seeds 0, 3 and 4), against full->full, random->full: test accuracy cannot be compared: 1 shared base model, ' +
        'and the 95% CI of the paired difference needs 2 or more.',
    ]);
  });

  test('a run with nothing separated and no groups says only what it has', () => {
    const data = input({ separations: [], trajectories: [], uncertain: [], groupSizes: [], checkpoints: [] });
    expect(summarizeRun(data, DIGITS)).toEqual([
      'No prototype oscillates between 2 and 7 (at least 2 sign changes of |beta difference| >= 0.25 x the largest at that transition).',
      'Fine-tuning has not been run yet.',
    ]);
  });
});
