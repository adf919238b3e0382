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
  // input channels a multiple of 4 and output channels of 8: dw by i2x's filterGrad kernel, the forward pass and
  // dx's phase convolution by its conv kernel (tiles of 4 pixels that cross rows and images, the last tile moved
  // back, fewer than 4 pixels in all, images in blocks)
  cases.push({ batch: 3, size: [7, 5], cin: 4, cout: 8, k: 3, stride: 1, pad: 'same' });
  cases.push({ batch: 1, size: [3, 1], cin: 8, cout: 16, k: 3, stride: 2, pad: 'same' });
  cases.push({ batch: 2, size: [9, 8], cin: 12, cout: 8, k: 3, stride: [2, 1], pad: 'valid' });
  cases.push({ batch: 5, size: [6, 6], cin: 8, cout: 24, k: 5, stride: 2, pad: 'same' });
  cases.push({ batch: 2, size: [8, 7], cin: 4, cout: 16, k: 2, stride: 2, pad: 'same' });
  cases.push({ batch: 3, size: [10, 9], cin: 16, cout: 8, k: 1, stride: 2, pad: 'same' });
  cases.push({ batch: 1, size: [2, 2], cin: 4, cout: 8, k: 1, stride: 1, pad: 'valid' });
  cases.push({ batch: 40, size: [4, 4], cin: 8, cout: 8, k: 3, stride: 1, pad: 'same' });
  // strided dx one phase at a time (input channels a multiple of 8, output channels of 4): unequal strides, phases
  // with no tap (rows or columns of 1x1 stride 3 and 1x1 stride 2, which stay zero), valid padding, even and wide kernels
  cases.push({ batch: 2, size: [9, 8], cin: 8, cout: 4, k: 3, stride: [2, 1], pad: 'same' });
  cases.push({ batch: 1, size: [10, 11], cin: 8, cout: 4, k: 1, stride: 3, pad: 'valid' });
  cases.push({ batch: 2, size: [11, 10], cin: 8, cout: 8, k: 5, stride: 2, pad: 'same' });
  cases.push({ batch: 2, size: [9, 8], cin: 16, cout: 4, k: 2, stride: 2, pad: 'same' });
  cases.push({ batch: 2, size: [14, 14], cin: 16, cout: 32, k: 1, stride: 2, pad: 'same' });
  cases.push({ batch: 1, size: [9, 10], cin: 8, cout: 4, k: 3, stride: [1, 3], pad: 'valid' });

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

  it.each([
    { batch: 2, size: [9, 9], cin: 3, cout: 4, k: 3, stride: 2, pad: 'same' },
    { batch: 2, size: [9, 9], cin: 4, cout: 8, k: 3, stride: 2, pad: 'same' },
    { batch: 2, size: [9, 9], cin: 8, cout: 4, k: 3, stride: 2, pad: 'same' },
  ] as Case[])('releases every intermediate: %o', async (c) => {
    await tf.setBackend('wasm');
    const x = randomArray(2 * 81 * c.cin, new SeededRandom(1));
    const w = randomArray(9 * c.cin * c.cout, new SeededRandom(2));
    await gradients('wasm', c, x, w, 3);
    const before = tf.memory();
    const beforeBytes = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 5; i++) await gradients('wasm', c, x, w, 3);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(beforeBytes);
  });
});

/** conv2d, or the fused conv2d with a bias and relu, of the given data on `backend`. */
async function forward(backend: string, c: Case, x: Float32Array, w: Float32Array, bias: Float32Array | null): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [c.batch, c.size[0], c.size[1], c.cin]);
    const wt = tf.tensor4d(w, [c.k, c.k, c.cin, c.cout]);
    const y = bias
      ? tf.fused.conv2d({ x: xt, filter: wt, strides: c.stride, pad: c.pad, bias: tf.tensor1d(bias), activation: 'relu' })
      : tf.conv2d(xt, wt, c.stride, c.pad);
    return (y.dataSync() as Float32Array).slice();
  });
}

describe('wasm Conv2D and FusedConv2D through i2x\'s conv kernel', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels();
  });

  const cases: Case[] = [
    { batch: 2, size: [28, 28], cin: 16, cout: 16, k: 3, stride: 1, pad: 'same' },
    { batch: 3, size: [7, 7], cin: 64, cout: 64, k: 3, stride: 1, pad: 'same' },
    { batch: 1, size: [1, 3], cin: 4, cout: 8, k: 3, stride: 1, pad: 'same' },
    { batch: 2, size: [9, 8], cin: 12, cout: 24, k: 3, stride: [2, 1], pad: 'valid' },
    { batch: 3, size: [10, 9], cin: 8, cout: 16, k: 1, stride: 2, pad: 'same' },
    { batch: 2, size: [6, 7], cin: 4, cout: 8, k: 5, stride: 3, pad: 'same' },
    { batch: 1, size: [5, 5], cin: 4, cout: 8, k: 2, stride: 1, pad: 'valid' },
    // channel counts the kernel does not take: the backend's own Conv2D
    { batch: 2, size: [7, 7], cin: 3, cout: 8, k: 3, stride: 1, pad: 'same' },
    { batch: 2, size: [7, 7], cin: 4, cout: 12, k: 3, stride: 1, pad: 'same' },
  ];

  it.each(cases)('matches the cpu backend: %o', async (c) => {
    const rng = new SeededRandom(c.batch * 1000 + c.k * 10 + c.size[0] + c.cin);
    const x = randomArray(c.batch * c.size[0] * c.size[1] * c.cin, rng);
    const w = randomArray(c.k * c.k * c.cin * c.cout, rng);
    const bias = randomArray(c.cout, rng);
    for (const b of [null, bias]) {
      const expected = await forward('cpu', c, x, w, b);
      const actual = await forward('wasm', c, x, w, b);
      expect(actual.length).toBe(expected.length);
      expect(maxRelativeError(actual, expected)).toBeLessThan(1e-5);
      if (b) {
        // relu applied: some outputs are exactly 0 and none negative
        expect(actual.some((v) => v === 0)).toBe(true);
        expect(actual.every((v) => v >= 0)).toBe(true);
      }
    }
  });

  it('releases its packed filter and padded frame', async () => {
    const c: Case = { batch: 2, size: [9, 9], cin: 8, cout: 16, k: 3, stride: 2, pad: 'same' };
    const x = randomArray(2 * 81 * 8, new SeededRandom(4));
    const w = randomArray(9 * 8 * 16, new SeededRandom(5));
    await forward('wasm', c, x, w, null);
    const before = tf.memory().numTensors;
    const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 3; i++) await forward('wasm', c, x, w, new Float32Array(16).fill(0.5));
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(dataIds);
  });
});
