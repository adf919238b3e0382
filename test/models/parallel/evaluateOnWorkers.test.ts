import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import type { Dataset } from '../../../src/data/Dataset.js';
import { makeBatch } from '../../../src/data/makeBatch.js';
import { evaluateModel } from '../../../src/models/evaluateModel.js';
import { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';
import { SeededRandom } from '../../../src/util/SeededRandom.js';
import { toyDataset } from '../fixtures/toyDataset.js';
import { tinyModel } from '../fixtures/trainFixtures.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
const classes = 3;
let pool: WorkerPool;
let model: tf.LayersModel;

// Toy bars under varying brightness, three labels, made-up BatchNorm running statistics and centred logits
// (as in evaluateModel.test.ts), so that the untrained network predicts every class and inference-mode
// BatchNorm matters. 101 samples in batches of 16: seven batches, the last of 5, spread over two workers
// two requests deep, so replies come back out of order.
const bars = toyDataset(101, 8, 'test');
const brightness = new SeededRandom(4);
const images = bars.images.slice();
for (let n = 0; n < bars.count; n++) {
  const [scale, shift] = [4 * brightness.next(), 2 * brightness.next() - 1];
  for (let p = n * 784; p < (n + 1) * 784; p++) images[p] = images[p] * scale + shift;
}
const ds: Dataset = { ...bars, images, labels: Int32Array.from({ length: bars.count }, (_, i) => (i * 7) % classes), classNames: ['a', 'b', 'c'] };

beforeAll(async () => {
  await selectBackend('wasm');
  pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
  model = tinyModel(23, classes);
  const rng = new SeededRandom(5);
  for (const w of model.weights) {
    if (w.originalName.endsWith('moving_mean')) w.write(tf.tensor(Array.from({ length: w.shape[0]! }, () => rng.normal() * 0.3)));
    if (w.originalName.endsWith('moving_variance')) w.write(tf.tensor(Array.from({ length: w.shape[0]! }, () => 0.5 + rng.next())));
  }
  const bias = model.weights.find((w) => w.originalName === 'logits/bias')!;
  tf.tidy(() => {
    const logits = model.predict(tf.tensor4d(makeBatch(ds, Int32Array.from({ length: ds.count }, (_, i) => i)).images, [ds.count, 28, 28, 1])) as tf.Tensor2D;
    bias.write(tf.neg(tf.mean(logits, 0)));
  });
});

afterAll(async () => {
  model?.dispose();
  await pool?.close();
});

describe('evaluateModel on a pool of 2 workers', () => {
  it('gives exactly the one-thread evaluation: loss, accuracy, confusion matrix, per-sample predictions, probabilities and logits', async () => {
    const one = await evaluateModel(model, ds, 16, { probabilities: true, logits: true });
    const pooled = await evaluateModel(model, ds, 16, { probabilities: true, logits: true, pool });
    // the comparison can fail: several classes are predicted, and not in label order
    expect(new Set(one.predictions).size).toBe(classes);
    expect(one.accuracy).toBeGreaterThan(0);
    expect(one.accuracy).toBeLessThan(1);
    expect(Array.from(pooled.predictions)).toEqual(Array.from(one.predictions));
    expect(pooled.confusion).toEqual(one.confusion);
    expect(pooled.accuracy).toBe(one.accuracy);
    expect(pooled.loss).toBe(one.loss);
    // same batches on the same backend: the forward passes are bit-identical, not merely close
    expect(Buffer.from(pooled.logits!.buffer).equals(Buffer.from(one.logits!.buffer))).toBe(true);
    expect(Buffer.from(pooled.probabilities!.buffer).equals(Buffer.from(one.probabilities!.buffer))).toBe(true);
    // and the predictions are the logits' argmax, sample by sample
    for (let n = 0; n < ds.count; n++) {
      const row = Array.from(one.logits!.subarray(n * classes, (n + 1) * classes));
      expect(one.predictions[n]).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('leaves no tensors behind, in this thread or on the workers, and leaves no model loaded', async () => {
    await evaluateModel(model, ds, 16, { pool });
    const here = tf.memory().numTensors;
    const there = (await pool.requestAll('usage', () => ({}))).map((u) => u.numTensors);
    for (let i = 0; i < 2; i++) await evaluateModel(model, ds, 16, { probabilities: true, pool });
    expect(tf.memory().numTensors).toBe(here);
    expect((await pool.requestAll('usage', () => ({}))).map((u) => u.numTensors)).toEqual(there);
  });

  it('reports a label the model has no class for, as in one thread', async () => {
    const bad: Dataset = { ...ds, labels: ds.labels.map((l, n) => (n === 40 ? 5 : l)) };
    await expect(evaluateModel(model, bad, 16, { pool })).rejects.toThrow(/has label 5; model .* has 3 classes/);
  });
});
