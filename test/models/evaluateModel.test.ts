import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { Dataset } from '../../src/data/Dataset.js';
import { makeBatch } from '../../src/data/makeBatch.js';
import { evaluateModel } from '../../src/models/evaluateModel.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { toyDataset } from './fixtures/toyDataset.js';
import { tinyModel } from './fixtures/trainFixtures.js';

/** The obvious version: model.predict one sample at a time, softmax and cross-entropy in float64. */
function slowEvaluation(model: tf.LayersModel, ds: Dataset, classes: number) {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const probabilities: number[] = [];
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < ds.count; i++) {
    const batch = makeBatch(ds, Int32Array.of(i));
    const logits = tf.tidy(() => Array.from((model.predict(tf.tensor4d(batch.images, [1, 28, 28, 1])) as tf.Tensor).dataSync()));
    const max = Math.max(...logits);
    const exp = logits.map((v) => Math.exp(v - max));
    const total = exp.reduce((a, b) => a + b, 0);
    probabilities.push(...exp.map((v) => v / total));
    const predicted = logits.indexOf(max);
    const label = ds.labels[i];
    lossSum -= Math.log(exp[label] / total);
    confusion[label][predicted]++;
    if (predicted === label) correct++;
  }
  return { loss: lossSum / ds.count, accuracy: correct / ds.count, confusion, probabilities };
}

describe('evaluateModel', () => {
  const classes = 3;
  let model: tf.LayersModel;
  // Toy bars under widely varying brightness (so an untrained network's predictions vary), three labels;
  // running statistics made up below so that inference-mode BatchNorm matters.
  const bars = toyDataset(45, 5, 'test');
  const brightness = new SeededRandom(3);
  const images = bars.images.slice();
  for (let n = 0; n < bars.count; n++) {
    const [scale, shift] = [4 * brightness.next(), 2 * brightness.next() - 1];
    for (let p = n * 784; p < (n + 1) * 784; p++) images[p] = images[p] * scale + shift;
  }
  const ds: Dataset = { ...bars, images, labels: Int32Array.from({ length: 45 }, (_, i) => i % classes), classNames: ['a', 'b', 'c'] };

  beforeAll(async () => {
    await selectBackend('wasm');
    model = tinyModel(21, classes);
    const rng = new SeededRandom(2);
    for (const w of model.weights) {
      if (w.originalName.endsWith('moving_mean')) w.write(tf.tensor(Array.from({ length: w.shape[0]! }, () => rng.normal() * 0.3)));
      if (w.originalName.endsWith('moving_variance')) w.write(tf.tensor(Array.from({ length: w.shape[0]! }, () => 0.5 + rng.next())));
    }
    // Centre the logits over the dataset, so that the untrained network predicts more than one class.
    const bias = model.weights.find((w) => w.originalName === 'logits/bias')!;
    tf.tidy(() => {
      const logits = model.predict(tf.tensor4d(makeBatch(ds, Int32Array.from({ length: ds.count }, (_, i) => i)).images, [ds.count, 28, 28, 1])) as tf.Tensor2D;
      bias.write(tf.neg(tf.mean(logits, 0)));
    });
  });

  it('agrees with a slow per-sample model.predict: confusion matrix, accuracy, loss, probabilities', async () => {
    const slow = slowEvaluation(model, ds, classes);
    const fast = await evaluateModel(model, ds, 8, { probabilities: true });
    expect(fast.confusion).toEqual(slow.confusion);
    expect(fast.confusion.filter((row) => row.some((v) => v > 0)).length).toBe(classes); // every true class present
    expect(new Set(fast.confusion.flatMap((row) => row.map((v, p) => (v > 0 ? p : -1)).filter((p) => p >= 0))).size).toBeGreaterThan(1); // and more than one prediction
    expect(fast.confusion.flat().reduce((a, b) => a + b, 0)).toBe(ds.count);
    expect(fast.confusion.reduce((sum, row, c) => sum + row[c], 0) / ds.count).toBe(fast.accuracy);
    expect(fast.accuracy).toBe(slow.accuracy);
    expect(fast.loss).toBeCloseTo(slow.loss, 4);
    expect(fast.probabilities).toHaveLength(ds.count * classes);
    Array.from(fast.probabilities!).forEach((p, k) => expect(p).toBeCloseTo(slow.probabilities[k], 5));
  });

  it('gives the same result whatever the batch size', async () => {
    const [a, b] = [await evaluateModel(model, ds, 7), await evaluateModel(model, ds, 64)];
    expect(a.confusion).toEqual(b.confusion);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(a.probabilities).toBeUndefined();
  });

  it('does not grow tf.memory().numTensors over repeated calls', async () => {
    await evaluateModel(model, ds, 16, { probabilities: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await evaluateModel(model, ds, 16, { probabilities: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});
