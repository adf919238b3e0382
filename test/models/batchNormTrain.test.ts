import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels.js';
import { batchNormTrain } from '../../src/models/batchNormTrain.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { maxRelativeError, randomArray } from '../helpers/numeric.js';

/** The textbook batch norm, differentiated by tfjs itself: the slow obvious reference. */
function reference(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

/** y, batch mean/variance and the gradients of sum(y * r) for x, gamma, beta. */
function run(impl: 'closed-form' | 'reference', shape: number[], seed: number) {
  return tf.tidy(() => {
    const rng = new SeededRandom(seed);
    const size = shape.reduce((a, b) => a * b, 1);
    const channels = shape[shape.length - 1];
    // an offset and a scale per channel, so the statistics are far from 0 and 1
    const x = tf.add(tf.mul(tf.tensor(randomArray(size, rng), shape), 3), tf.linspace(-2, 5, channels));
    const gamma = tf.tensor1d(randomArray(channels, rng));
    const beta = tf.tensor1d(randomArray(channels, rng));
    const r = tf.tensor(randomArray(size, rng), shape);
    const kept: tf.Tensor[] = []; // batchNormTrain keeps its batch statistics for the caller
    const forward = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      if (impl === 'reference') return reference(a, g as tf.Tensor1D, b as tf.Tensor1D, 1e-3);
      const out = batchNormTrain(a, g as tf.Tensor1D, b as tf.Tensor1D, 1e-3);
      kept.push(out.mean, out.variance);
      return out.y;
    };
    const y = forward(x, gamma, beta);
    const [dx, dgamma, dbeta] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(forward(a, g, b), r)))([x, gamma, beta]);
    const stats = impl === 'closed-form' ? batchNormTrain(x, gamma, beta, 1e-3) : undefined;
    const moments = tf.moments(x, shape.slice(0, -1).map((_, i) => i));
    const read = (t: tf.Tensor) => (t.dataSync() as Float32Array).slice();
    const out = { y: read(y), dx: read(dx), dgamma: read(dgamma), dbeta: read(dbeta), mean: read(stats?.mean ?? moments.mean), variance: read(stats?.variance ?? moments.variance) };
    tf.dispose(kept);
    if (stats) tf.dispose([stats.y, stats.mean, stats.variance]);
    return out;
  });
}

describe.each(['cpu', 'wasm'])('batchNormTrain on %s', (backend) => {
  let previous: string | undefined;
  beforeAll(async () => {
    previous = tf.getBackend();
    await tf.setBackend(backend);
    await tf.ready();
    registerWasmTrainingKernels(); // on wasm, shapes with a multiple of 4 channels take the SIMD kernels
  });
  afterAll(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it.each([[[6, 5, 4, 3]], [[2, 7, 7, 16]], [[9, 5]], [[3, 4, 4, 8]], [[130, 12]], [[1, 1, 1, 4]]])('matches autodiff of the textbook formula, shape %o', (shape) => {
    const expected = run('reference', shape, 11);
    const actual = run('closed-form', shape, 11);
    for (const key of ['y', 'dx', 'dgamma', 'dbeta', 'mean', 'variance'] as const) {
      expect(actual[key].length, key).toBe(expected[key].length);
      expect(maxRelativeError(actual[key], expected[key]), key).toBeLessThan(2e-4);
    }
  });

  it.each([[[3, 4, 4, 5]], [[3, 4, 4, 8]]])('leaves no tensor or backend data behind, shape %o', (shape) => {
    run('closed-form', shape, 1);
    const before = tf.memory().numTensors;
    const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    run('closed-form', shape, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(dataIds);
  });
});
