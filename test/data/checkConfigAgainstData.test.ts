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

describe('checkConfigAgainstData: data.plant', () => {
  it('accepts plants within the classes and the image, edges included', () => {
    const plant = [
      { kind: 'decoy', swatchSize: 28 },
      { kind: 'shortcut', size: 4, x: 24, y: 24, train: { class: 9, fraction: 1 }, secondTrain: { class: 0, fraction: 0.5 }, test: { class: 9, fraction: 1 } },
      { kind: 'label-flip', from: 0, to: 9, fraction: 0.05 },
    ];
    expect(() => checkConfigAgainstData(resolveConfig({ data: { plant } }))).not.toThrow();
  });

  it('names the key, the value and the classes for a plant naming class 12', () => {
    expect(problem({ data: { plant: [{ kind: 'decoy' }, { kind: 'label-flip', from: 2, to: 12, fraction: 0.1 }] } }).message).toBe(
      `data.plant[1].to: got 12; class 12 is out of range. ${MNIST_CLASSES}`,
    );
    const shortcut = { kind: 'shortcut', train: { class: 10, fraction: 0.5 }, test: { class: 11, fraction: 1 } };
    expect(problem({ data: { plant: [shortcut] } }).message).toBe(
      `data.plant[0].train.class: got 10; class 10 is out of range; data.plant[0].test.class: got 11; class 11 is out of range. ${MNIST_CLASSES}`,
    );
  });

  it('refuses a square outside a 28x28 image, and a swatch larger than it, saying what fits', () => {
    const shortcut = { kind: 'shortcut', size: 4, x: 25, y: 0, train: { class: 2, fraction: 0.5 } };
    expect(problem({ data: { plant: [shortcut] } }).message).toBe(
      'data.plant[0]: a 4x4 square at x 25, y 0 does not fit the 28x28 images; expected x + size <= 28 and y + size <= 28.',
    );
    expect(problem({ data: { plant: [{ kind: 'decoy', swatchSize: 29 }] } }).message).toBe(
      'data.plant[0].swatchSize: a 29x29 square at x 0, y 0 does not fit the 28x28 images; expected x + size <= 28 and y + size <= 28.',
    );
    // cifar10 is 32x32: the same square fits there
    expect(() => checkConfigAgainstData(resolveConfig({ data: { dataset: 'cifar10', path: '/data', plant: [shortcut] } }))).not.toThrow();
  });
});
