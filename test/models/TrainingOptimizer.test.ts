import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { TrainingOptimizer } from '../../src/models/TrainingOptimizer.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';

/** A two-weight model: dense kernel [3, 2] and bias [2]. */
function denseModel(): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  const output = tf.layers.dense({ units: 2, name: 'dense', kernelInitializer: 'ones', biasInitializer: 'zeros' }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** Fixed pseudo-random gradients for step t, per weight. */
function gradientsAt(t: number, sizes: number[]): number[][] {
  const rng = new SeededRandom(100 + t);
  return sizes.map((n) => Array.from({ length: n }, () => rng.normal()));
}

/** PyTorch's update rules in float64, one weight at a time. */
function slowUpdates(kind: 'adam' | 'sgd', initial: number[][], steps: number, lr: number[], momentum: number, weightDecay: number): number[][] {
  const w = initial.map((a) => a.slice());
  const m = initial.map((a) => a.map(() => 0));
  const v = initial.map((a) => a.map(() => 0));
  for (let t = 1; t <= steps; t++) {
    const grads = gradientsAt(t, w.map((a) => a.length));
    w.forEach((weights, i) =>
      weights.forEach((value, k) => {
        const g = grads[i][k] + weightDecay * value;
        if (kind === 'sgd') {
          m[i][k] = momentum * m[i][k] + g;
          weights[k] = value - lr[t - 1] * m[i][k];
        } else {
          m[i][k] = 0.9 * m[i][k] + 0.1 * g;
          v[i][k] = 0.999 * v[i][k] + 0.001 * g * g;
          const denominator = Math.sqrt(v[i][k]) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
          weights[k] = value - (lr[t - 1] / (1 - 0.9 ** t)) * (m[i][k] / denominator);
        }
      }),
    );
  }
  return w;
}

function run(optimizer: TrainingOptimizer, model: tf.LayersModel, from: number, to: number, lr: number[]): void {
  const variables = optimizer.variableNames;
  for (let t = from; t <= to; t++) {
    const grads = gradientsAt(t, model.trainableWeights.map((w) => w.shape.reduce((a: number, b) => a * b!, 1)));
    const named: tf.NamedTensorMap = {};
    model.trainableWeights.forEach((w, i) => (named[variables[i]] = tf.tensor(grads[i], w.shape as number[])));
    optimizer.step(named, lr[t - 1]);
    tf.dispose(Object.values(named));
  }
}

const values = (model: tf.LayersModel) => model.trainableWeights.map((w) => Array.from(w.read().dataSync()));

describe('TrainingOptimizer', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it.each([
    ['sgd', 0.9, 0.01],
    ['sgd', 0, 0],
    ['adam', 0, 0.01],
  ] as const)('%s (momentum %s, weight decay %s) follows the float64 reference', (kind, momentum, weightDecay) => {
    const model = denseModel();
    const initial = values(model);
    const optimizer = TrainingOptimizer.create(model, { optimizer: kind, momentum, weightDecay });
    const lr = [0.1, 0.05, 0.02, 0.01];
    run(optimizer, model, 1, 4, lr);
    const expected = slowUpdates(kind, initial, 4, lr, momentum, weightDecay);
    values(model).forEach((weights, i) => weights.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k], 5)));
    optimizer.dispose();
  });

  it('restores a snapshot so that later steps are bit-identical to never having stopped', async () => {
    const lr = [0.01, 0.01, 0.01, 0.01, 0.01];
    const straight = denseModel();
    const a = TrainingOptimizer.create(straight, { optimizer: 'adam', momentum: 0, weightDecay: 0 });
    run(a, straight, 1, 5, lr);

    const first = denseModel();
    const b = TrainingOptimizer.create(first, { optimizer: 'adam', momentum: 0, weightDecay: 0 });
    run(b, first, 1, 2, lr);
    const snapshot = await b.snapshot();
    expect(b.slotEntries.map((e) => e.name)).toEqual(['dense/kernel/m', 'dense/bias/m', 'dense/kernel/v', 'dense/bias/v']);

    const second = denseModel();
    second.setWeights(first.getWeights());
    const c = TrainingOptimizer.create(second, { optimizer: 'adam', momentum: 0, weightDecay: 0 });
    c.restore(snapshot, 'test');
    run(c, second, 3, 5, lr);
    expect(values(second)).toEqual(values(straight));
    expect(() => TrainingOptimizer.create(second, { optimizer: 'sgd', momentum: 0.9, weightDecay: 0 }).restore(snapshot, 'ckpt-x')).toThrow(/ckpt-x.*'adam'/);
    [a, b, c].forEach((o) => o.dispose());
  });
});
