import { describe, expect, it } from 'vitest';
import { CURATION_BASELINES, CURATION_METHODS } from '../../src/config/configSchema.js';
import { SCORE_METHODS } from '../../src/analysis/sampleScores/sampleScores.js';
import { curationBudget } from '../../src/finetune/curationBudget.js';
import { randomControl } from '../../src/finetune/randomControl.js';
import { removeTopScored } from '../../src/finetune/removeTopScored.js';
import { I2xError } from '../../src/util/I2xError.js';

// 8 samples of 3 classes: class 0 = {0, 1, 2}, class 1 = {3, 4, 5}, class 2 = {6, 7}
const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2]);
const classNames = ['a', 'b', 'c'];
const flags = (mask: Uint8Array) => Array.from(mask);
const perClass = (mask: Uint8Array) => [0, 1, 2].map((c) => labels.filter((label, n) => label === c && mask[n] === 1).length);

function rejection(run: () => unknown): I2xError {
  try {
    run();
  } catch (e) {
    if (e instanceof I2xError) return e;
    throw e;
  }
  throw new Error('expected an I2xError');
}

describe('removeTopScored', () => {
  it('removes each class budget of its highest-scored samples; ties by index ascending, NaN as the least suspect', () => {
    const scores = Float64Array.from([0.5, 0.9, 0.5, 0.1, NaN, 0.1, 3, 2]);
    // class 0: 1 (0.9), then 0 and 2 tie at 0.5 -> 0; class 1: 3 and 5 tie at 0.1 (4 is NaN) -> 3; class 2: budget 0
    expect(flags(removeTopScored({ scores, labels, budget: [2, 1, 0], method: 'aum' }))).toEqual([1, 1, 0, 1, 0, 0, 0, 0]);
    expect(flags(removeTopScored({ scores, labels, budget: [3, 3, 2], method: 'aum' }))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(flags(removeTopScored({ scores, labels, budget: [1, 2, 1], method: 'aum' }))).toEqual([0, 1, 0, 1, 0, 1, 1, 0]);
    // all equal: the lowest indices of each class
    expect(flags(removeTopScored({ scores: new Float64Array(8), labels, budget: [2, 1, 1], method: 'random' }))).toEqual([1, 1, 0, 1, 0, 0, 1, 0]);
  });

  it('gives every method, and the random control, the same per-class counts: the budget', () => {
    const budget = [1, 2, 1];
    const methods = {
      aum: Float64Array.from([3, 2, 1, 0, 1, 2, 0, 5]), // -> 0 | 5, 4 | 7
      'self-confidence': Float64Array.from([0, 0, 9, 7, 8, 9, 1, 1]), // -> 2 | 5, 4 | 6 (tie: lower index)
      forgetting: Float64Array.from([-1, -2, -3, 0, 0, 0, -1, -1]), // -> 0 | 3, 4 | 6
    };
    const expected: Record<string, number[]> = {
      aum: [1, 0, 0, 0, 1, 1, 0, 1],
      'self-confidence': [0, 0, 1, 0, 1, 1, 1, 0],
      forgetting: [1, 0, 0, 1, 1, 0, 1, 0],
    };
    for (const [method, scores] of Object.entries(methods)) {
      const mask = removeTopScored({ scores, labels, budget, method });
      expect(flags(mask), method).toEqual(expected[method]);
      expect(perClass(mask), method).toEqual(budget);
    }
    expect(perClass(randomControl(labels, budget, 17))).toEqual(budget);
  });

  it('refuses a budget above a class size and scores of another length, naming the method', () => {
    expect(rejection(() => removeTopScored({ scores: new Float64Array(8), labels, budget: [1, 1, 3], method: 'aum' })).message).toMatch(/'aum': cannot remove 3 samples of class 2, which has 2/);
    expect(rejection(() => removeTopScored({ scores: new Float64Array(7), labels, budget: [1, 1, 1], method: 'tracin' })).message).toMatch(/'tracin' scores hold 7 values, but the training set has 8/);
  });
});

describe('curationBudget', () => {
  const options = { budget: null, classes: 'all', maxRemovedFraction: 0.9 } as const;

  it("is the i2x rule's per-class counts unless finetune.curation.budget is set", () => {
    expect(curationBudget({ labels, classNames, ruleRemoved: [2, 0, 1], options, pairs: [[0, 2]] })).toEqual([2, 0, 1]);
  });

  it('a count or a fraction (rounded) of each candidate class; with classes pair, the other classes get 0', () => {
    const with_ = (budget: { count: number } | { fraction: number }, classes: 'all' | 'pair') => curationBudget({ labels, classNames, ruleRemoved: [0, 0, 0], options: { ...options, budget, classes }, pairs: [[2, 0]] });
    expect(with_({ count: 1 }, 'all')).toEqual([1, 1, 1]);
    expect(with_({ count: 1 }, 'pair')).toEqual([1, 0, 1]);
    expect(with_({ fraction: 0.5 }, 'all')).toEqual([2, 2, 1]); // 1.5, 1.5, 1 rounded
    expect(with_({ fraction: 0.4 }, 'pair')).toEqual([1, 0, 1]); // 1.2, -, 0.8
  });

  it('pair restriction never touches the other classes, however high their scores', () => {
    const budget = curationBudget({ labels, classNames, ruleRemoved: [0, 0, 0], options: { ...options, budget: { count: 1 }, classes: 'pair' }, pairs: [[0, 2]] });
    const scores = Float64Array.from([0, 1, 0, 100, 100, 100, 0, 2]); // class 1 has the highest scores
    expect(flags(removeTopScored({ scores, labels, budget, method: 'aum' }))).toEqual([0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('refuses a budget emptying a class or above maxRemovedFraction, naming the key', () => {
    const run = (budget: { count: number } | { fraction: number }, maxRemovedFraction = 0.9) => () => curationBudget({ labels, classNames, ruleRemoved: [0, 0, 0], options: { ...options, budget, maxRemovedFraction }, pairs: [[0, 1]] });
    expect(rejection(run({ count: 2 })).message).toMatch(/finetune\.curation\.budget \(count 2\) would remove every sample of class 2 \('c', 2 samples\)/);
    expect(rejection(run({ count: 1 }, 0.3)).message).toMatch(/removes 3 of 8 samples, more than finetune\.curation\.maxRemovedFraction = 0\.3/);
  });
});

describe('curation methods', () => {
  it("are the scores stage's methods; the baselines are all of them but i2x and random", () => {
    expect([...CURATION_METHODS]).toEqual([...SCORE_METHODS]);
    expect([...CURATION_BASELINES]).toEqual(SCORE_METHODS.filter((m) => m !== 'i2x' && m !== 'random'));
  });
});
