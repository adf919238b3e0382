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

  it('take only a multiple of 4 channels, and say so', () => {
    expect(channelKernelsSupport([2, 8])).toBe(true);
    expect(channelKernelsSupport([2, 6])).toBe(false);
    expect(channelKernelsSupport([8])).toBe(false);
    tf.tidy(() => {
      expect(() => run('I2xChannelMoments', { x: tf.zeros([3, 6]) })).toThrow(/multiple of 4 channels expected, got float32 \[3, 6\]/);
    });
  });
});
