import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels.js';

const dataIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describe('Identity on wasm after registerWasmTrainingKernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels();
  });

  it('shares the data instead of copying it, and keeps it alive until the last reference goes', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const before = dataIds();
    const y = tf.clone(x);
    expect(dataIds()).toBe(before); // no new buffer
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(dataIds()).toBe(before - 1);
  });

  it('leaves gradients through saved (cloned) tensors unchanged', () => {
    // d/dx sum(exp(x)) = exp(x): Exp saves its output for the backward pass, through Identity
    const x = tf.tensor1d([0, 1, -2]);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.exp(a)))(x);
    Array.from(dx.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(Math.exp([0, 1, -2][i]), 5));
    tf.dispose([x, dx]);
  });
});
