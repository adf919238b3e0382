import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
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
        { strategy: 'full->full', runs: 3, testMean: 0.88, testStd: 0.02, valMean: null, valStd: null, removedMean: 0, seeds: [], pairConfusions: [] },
        { strategy: 'curated->full', runs: 3, testMean: 0.9, testStd: 0.01, valMean: null, valStd: null, removedMean: 12, seeds: [], pairConfusions: [] },
      ],
    });
    expect(summarizeRun(data, names).slice(1)).toEqual([
      'The first class pairs to separate, at transition 0 (checkpoint 0 -> 1), were cat vs dog, plane vs dog, car vs dog and 1 more; all involve class dog.',
      'Their strongest separator was prototype 2 for 3 of the 4 pairs and prototype 7 for 1 (e.g. cat vs dog: beta difference +0.3 in the all-samples fit, favouring cat).',
      'No prototype oscillates between bird and horse (at least 2 sign changes of |beta difference| >= 0.25 x the largest at that transition).',
      'HDBSCAN found 1 to 2 confidence groups per transition, with 20% to 50% of the samples left as noise.',
      'Fine-tuning: curated->full reached the highest mean test accuracy, 90.0% +- 1.0% over 3 seed(s); full->full 88.0% +- 2.0%.',
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
