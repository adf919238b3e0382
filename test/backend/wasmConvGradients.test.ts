import * as tf from '@tensorflow/tfjs';

import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { maxRelativeError, randomArray } from '../helpers/numeric.js';

type Pad = 'same' | 'valid';
interface Case { batch: number; size: [number, number]; cin: number; cout: number; k: number; stride: number | [number, number]; pad: Pad }


/** dx and dw of sum(conv2d(x, w) * r) for a fixed random r, computed on the given backend. */
async function gradients(backend: string, c: Case, x: Float32Array, w: Float32Array, seed: number) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [c.batch, c.size[0], c.size[1], c.cin]);
    const wt = tf.tensor4d(w, [c.k, c.k, c.cin, c.cout]);
    const probe = tf.conv2d(xt, wt, c.stride, c.pad);
    const r = tf.tensor(randomArray(probe.size, new SeededRandom(seed)), probe.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), r)))([xt, wt]);
    return { dx: (dx.dataSync() as Float32Array).slice(), dw: (dw.dataSync() as Float32Array).slice() };
  });
}


describe('wasm Conv2D backprop kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels();
  });

  const cases: Case[] = [];
  for (const batch of [1, 3]) {
    for (const k of [1, 3]) {
      for (const stride of [1, 2]) {
        for (const pad of ['same', 'valid'] as Pad[]) {
          cases.push({ batch, size: [7, 7], cin: 3, cout: 4, k, stride, pad });
          cases.push({ batch, size: [8, 6], cin: 5, cout: 2, k, stride, pad });
        }
      }
    }
  }
  cases.push({ batch: 2, size: [28, 28], cin: 16, cout: 32, k: 3, stride: 2, pad: 'same' });
  cases.push({ batch: 2, size: [5, 9], cin: 2, cout: 3, k: 5, stride: 2, pad: 'valid' });
  // polyphase dx: more phases than taps, taps reaching across phases, even kernels, unequal strides
  cases.push({ batch: 2, size: [11, 10], cin: 3, cout: 2, k: 5, stride: 2, pad: 'same' });
  cases.push({ batch: 1, size: [10, 11], cin: 2, cout: 3, k: 3, stride: 3, pad: 'same' });
  cases.push({ batch: 1, size: [10, 11], cin: 2, cout: 3, k: 1, stride: 3, pad: 'valid' });
  cases.push({ batch: 2, size: [9, 8], cin: 3, cout: 2, k: 2, stride: 2, pad: 'same' });
  cases.push({ batch: 2, size: [9, 8], cin: 3, cout: 4, k: 3, stride: [2, 1], pad: 'same' });
  cases.push({ batch: 1, size: [7, 9], cin: 2, cout: 3, k: 1, stride: [1, 3], pad: 'same' });
  // one input channel (a grayscale model's first layer): dw as shifted rows times dy
  cases.push({ batch: 2, size: [9, 7], cin: 1, cout: 4, k: 3, stride: 1, pad: 'same' });
  cases.push({ batch: 3, size: [8, 8], cin: 1, cout: 5, k: 3, stride: 1, pad: 'valid' });
  cases.push({ batch: 1, size: [7, 10], cin: 1, cout: 3, k: 5, stride: 1, pad: 'same' });
  cases.push({ batch: 2, size: [9, 9], cin: 1, cout: 4, k: 3, stride: 2, pad: 'same' });
  // channel counts that take the SIMD permutes (multiples of 4) with unequal strides
  cases.push({ batch: 2, size: [9, 7], cin: 4, cout: 8, k: 3, stride: [2, 1], pad: 'same' });
  cases.push({ batch: 2, size: [6, 9], cin: 4, cout: 4, k: 3, stride: [1, 2], pad: 'valid' });

  it.each(cases)('matches the cpu backend: %o', async (c) => {
    const rng = new SeededRandom(c.batch * 100 + c.k * 10 + c.size[0] + c.cin);
    const x = randomArray(c.batch * c.size[0] * c.size[1] * c.cin, rng);
    const w = randomArray(c.k * c.k * c.cin * c.cout, rng);
    const expected = await gradients('cpu', c, x, w, 7);
    const actual = await gradients('wasm', c, x, w, 7);
    expect(actual.dx.length).toBe(expected.dx.length);
    expect(actual.dw.length).toBe(expected.dw.length);
    expect(maxRelativeError(actual.dx, expected.dx)).toBeLessThan(1e-4);
    expect(maxRelativeError(actual.dw, expected.dw)).toBeLessThan(1e-4);
  });

  it('releases every intermediate', async () => {
    await tf.setBackend('wasm');
    const c: Case = { batch: 2, size: [9, 9], cin: 3, cout: 4, k: 3, stride: 2, pad: 'same' };
    const x = randomArray(2 * 81 * 3, new SeededRandom(1));
    const w = randomArray(9 * 12, new SeededRandom(2));
    await gradients('wasm', c, x, w, 3);
    const before = tf.memory();
    const beforeBytes = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 5; i++) await gradients('wasm', c, x, w, 3);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(beforeBytes);
  });
});
