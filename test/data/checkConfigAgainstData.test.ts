import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { checkConfigAgainstData } from '../../src/data/checkConfigAgainstData.js';
import { I2xError } from '../../src/util/I2xError.js';

function problem(input: Record<string, unknown>): I2xError {
  try {
    checkConfigAgainstData(resolveConfig(input));
  } catch (err) {
    expect(err).toBeInstanceOf(I2xError);
    expect((err as I2xError).code).toBe('E_CONFIG');
    return err as I2xError;
  }
  throw new Error('expected checkConfigAgainstData to refuse the config');
}

const MNIST_CLASSES = "Dataset 'mnist' has 10 classes, so class indices must be in 0..9 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9).";

describe('checkConfigAgainstData', () => {
  it('accepts the defaults and every class of the dataset, highest included', () => {
    expect(() => checkConfigAgainstData(resolveConfig({}))).not.toThrow();
    const edges = { analysis: { uncertain: { pairs: [[0, 9]] }, saliency: { target: 9 } }, finetune: { pairs: [[9, 0]] } };
    expect(() => checkConfigAgainstData(resolveConfig(edges))).not.toThrow();
    expect(() => checkConfigAgainstData(resolveConfig({ analysis: { saliency: { target: 'predicted' } } }))).not.toThrow();
  });

  it('names the key, the value and the classes of the dataset for a pair naming class 12', () => {
    expect(problem({ analysis: { uncertain: { pairs: [[2, 7], [2, 12]] } } }).message).toBe(
      `analysis.uncertain.pairs[1]: got [2, 12]; class 12 is out of range. ${MNIST_CLASSES}`,
    );
    expect(problem({ finetune: { pairs: [[10, 11]] } }).message).toBe(`finetune.pairs[0]: got [10, 11]; classes 10 and 11 are out of range. ${MNIST_CLASSES}`);
  });

  it('checks an integer saliency target, and lists every problem at once', () => {
    expect(problem({ analysis: { saliency: { target: 10 }, uncertain: { pairs: [[2, 12]] } }, finetune: { pairs: [[12, 2]] } }).message).toBe(
      'analysis.uncertain.pairs[0]: got [2, 12]; class 12 is out of range; finetune.pairs[0]: got [12, 2]; class 12 is out of range; ' +
        `analysis.saliency.target: got 10; class 10 is out of range. ${MNIST_CLASSES}`,
    );
  });

  it('names the classes of a dataset whose classes are not digits', () => {
    const config = { data: { dataset: 'fashion-mnist' }, analysis: { saliency: { target: 10 } } };
    expect(problem(config).message).toBe(
      "analysis.saliency.target: got 10; class 10 is out of range. Dataset 'fashion-mnist' has 10 classes, so class indices must be in 0..9 " +
        '(0 = T-shirt/top, 1 = Trouser, 2 = Pullover, 3 = Dress, 4 = Coat, 5 = Sandal, 6 = Shirt, 7 = Sneaker, 8 = Bag, 9 = Ankle boot).',
    );
  });
});
