import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_KERNELS_WASM_BASE64 } from '../../src/backend/wasm/channelKernelsBinary.js';
import { channelKernelsSupport } from '../../src/backend/wasm/channelKernels.js';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { maxRelativeError, randomArray } from '../helpers/numeric.js';

const run = (name: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel(name, inputs, {}) as tf.Tensor;

describe('wasm per-channel SIMD kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels();
  });

  it('are the assembled channelKernels.wat (run npm run build:wat after editing it)', async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { assembleChannelKernels } = await import('../../scripts/build-wat.mjs');
    expect(await assembleChannelKernels()).toBe(CHANNEL_KERNELS_WASM_BASE64);
  });

  // rows 130: two full 64-row blocks of float32 accumulation and a partial one
  it.each([[[130, 12]], [[2, 5, 7, 4]], [[1, 16]]])('moments, gradient sums and affine equal a float64 loop, shape %o', (shape) => {
    const rng = new SeededRandom(shape.length * 10 + shape[shape.length - 1]);
    const C = shape[shape.length - 1];
    const size = shape.reduce((a, b) => a * b, 1);
    const rows = size / C;
    const x = Float32Array.from(randomArray(size, rng), (v, i) => 3 * v + (i % C)); // offsets per channel
    const dy = randomArray(size, rng);
    const a = randomArray(C, rng);
    const b = randomArray(C, rng);
    const k = randomArray(C, rng);

    const mean = new Float64Array(C);
    const variance = new Float64Array(C);
    const sumDy = new Float64Array(C);
    for (let i = 0; i < size; i++) mean[i % C] += x[i] / rows;
    const meanF32 = Float32Array.from(mean);
    for (let i = 0; i < size; i++) variance[i % C] += (x[i] - meanF32[i % C]) ** 2 / rows;
    const centredDot = new Float64Array(C);
    for (let i = 0; i < size; i++) {
      sumDy[i % C] += dy[i];
      centredDot[i % C] += dy[i] * (x[i] - meanF32[i % C]);
    }
    const affine1 = Float64Array.from(x, (v, i) => v * a[i % C] + k[i % C]);
    const affine2 = Float64Array.from(x, (v, i) => v * a[i % C] + dy[i] * b[i % C] + k[i % C]);

    tf.tidy(() => {
      const xt = tf.tensor(x, shape);
      const dyt = tf.tensor(dy, shape);
      const [at, bt, kt] = [a, b, k].map((v) => tf.tensor1d(v));
      const moments = run('I2xChannelMoments', { x: xt }).dataSync();
      expect(maxRelativeError(moments.subarray(0, C), mean)).toBeLessThan(1e-6);
      expect(maxRelativeError(moments.subarray(C), variance)).toBeLessThan(1e-5);
      const grads = run('I2xChannelGradSums', { dy: dyt, x: xt, mean: tf.tensor1d(meanF32) }).dataSync();
      expect(maxRelativeError(grads.subarray(0, C), sumDy)).toBeLessThan(1e-5);
      expect(maxRelativeError(grads.subarray(C), centredDot)).toBeLessThan(1e-5);
      const one = run('I2xChannelAffine', { x: xt, a: at, k: kt });
      expect(one.shape).toEqual(shape);
      expect(maxRelativeError(one.dataSync(), affine1)).toBeLessThan(1e-6);
      expect(maxRelativeError(run('I2xChannelAffine', { x: xt, a: at, y: dyt, b: bt, k: kt }).dataSync(), affine2)).toBeLessThan(1e-6);
    });
  });

  it.each([[0], [0.01]])('I2xAdam is the optimizer update in float32, bit for bit (weight decay %f)', (wd) => {
    const rng = new SeededRandom(5);
    const n = 4 * 9 + 3; // a tail after the SIMD part
    const [w, g, m0, v0] = [1, 2, 3, 4].map(() => randomArray(n, rng));
    const v = Float32Array.from(v0, Math.abs);
    const t = 7;
    const attrs = { b1: 0.9, c1: 1 - 0.9, b2: 0.999, c2: 1 - 0.999, s2: Math.sqrt(1 - 0.999 ** t), eps: 1e-8, step: 1e-3 / (1 - 0.9 ** t), wd };
    // every operation rounded to float32, in TrainingOptimizer's order
    const f = Math.fround;
    const a = Object.fromEntries(Object.entries(attrs).map(([k, x]) => [k, f(x)])) as typeof attrs;
    const expected = { w: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      const gi = wd > 0 ? f(g[i] + f(w[i] * a.wd)) : g[i];
      const mi = f(f(m0[i] * a.b1) + f(gi * a.c1));
      const vi = f(f(v[i] * a.b2) + f(f(gi * gi) * a.c2));
      expected.m[i] = mi;
      expected.v[i] = vi;
      expected.w[i] = f(w[i] - f(f(mi / f(f(f(Math.sqrt(vi)) / a.s2) + a.eps)) * a.step));
    }
    tf.tidy(() => {
      const [w2, m2, v2] = tf.engine().runKernel('I2xAdam', { w: tf.tensor1d(w), g: tf.tensor1d(g), m: tf.tensor1d(m0), v: tf.tensor1d(v) }, attrs) as tf.Tensor[];
      expect(Array.from(m2.dataSync())).toEqual(Array.from(expected.m));
      expect(Array.from(v2.dataSync())).toEqual(Array.from(expected.v));
      expect(Array.from(w2.dataSync())).toEqual(Array.from(expected.w));
    });
  });

  it.each(['wasm', 'cpu'])('ReLU gradient on %s: dy where x > 0, else 0 (tail after the SIMD part, zeros, negatives)', async (backend) => {
    await tf.setBackend(backend);
    try {
      const x = [1.5, -2, 0, 3, -0.5, 2, 0.25, -1, 4, 0, -3];
      const dy = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, -110];
      // (+ 0 turns tfjs's -0, from -110 * 0 on cpu, into 0)
      const dx = tf.tidy(() => Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), tf.tensor1d(dy))))(tf.tensor1d(x)).dataSync(), (v) => v + 0));
      expect(dx).toEqual(x.map((v, i) => (v > 0 ? dy[i] : 0)));
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('take only a multiple of 4 channels, and say so', () => {
    expect(channelKernelsSupport([2, 8])).toBe(true);
    expect(channelKernelsSupport([2, 6])).toBe(false);
    expect(channelKernelsSupport([8])).toBe(false);
    tf.tidy(() => {
      expect(() => run('I2xChannelMoments', { x: tf.zeros([3, 6]) })).toThrow(/multiple of 4 channels expected, got float32 \[3, 6\]/);
    });
  });
});
