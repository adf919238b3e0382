import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tracInSelfInfluence } from '../../../src/analysis/sampleScores/tracInSelfInfluence.js';
import { SeededRandom } from '../../../src/util/SeededRandom.js';

const [T, N, D, C] = [2, 5, 3, 4];
const labels = Int32Array.from([0, 3, 1, 2, 3]);
const learningRates = Float32Array.from([0.1, 0.03]);

/** A tiny dense head per checkpoint (weights W [D, C], bias b [C]) and its inputs a [N, D]. */
function heads(): { w: number[][][]; b: number[][]; a: number[][][] } {
  const random = new SeededRandom(5);
  const draw = (n: number): number[] => Array.from({ length: n }, () => random.normal());
  const w = [0, 1].map(() => [0, 1, 2].map(() => draw(C)));
  const b = [0, 1].map(() => draw(C));
  const a = [0, 1].map(() => Array.from({ length: N }, () => draw(D)));
  return { w, b, a };
}

/** sum_t lr_t (||∂L/∂W||² + [||∂L/∂b||²]) by tf.grads on each sample's cross-entropy, and the softmax [T, N, C]. */
function byAutodiff(includeBias: boolean): { expected: number[]; softmax: Float32Array; activations: Float32Array } {
  const { w, b, a } = heads();
  const expected = new Array<number>(N).fill(0);
  const softmax: number[] = [];
  for (let t = 0; t < T; t++) {
    tf.tidy(() => {
      const W = tf.tensor2d(w[t]);
      const B = tf.tensor1d(b[t]);
      const A = tf.tensor2d(a[t]);
      softmax.push(...tf.softmax(A.matMul(W).add(B)).dataSync());
      for (let i = 0; i < N; i++) {
        const input = A.slice([i, 0], [1, D]);
        const target = tf.oneHot(tf.tensor1d([labels[i]], 'int32'), C);
        const loss = (weights: tf.Tensor, bias: tf.Tensor): tf.Scalar =>
          tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(input.matMul(weights).add(bias))))) as tf.Scalar;
        const [gW, gB] = tf.grads(loss)([W, B]);
        const norm = tf.sum(tf.square(gW)).dataSync()[0] + (includeBias ? tf.sum(tf.square(gB)).dataSync()[0] : 0);
        expected[i] += learningRates[t] * norm;
      }
    });
  }
  return { expected, softmax: Float32Array.from(softmax), activations: Float32Array.from(a.flat(2)) };
}

describe('tracInSelfInfluence', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const includeBias of [true, false]) {
    it(`equals sum_t lr_t ||∇ loss||² over the dense head by tf.grads (bias ${includeBias ? 'included' : 'excluded'})`, () => {
      const before = tf.memory().numTensors;
      const { expected, softmax, activations } = byAutodiff(includeBias);
      expect(tf.memory().numTensors).toBe(before);
      const score = tracInSelfInfluence({
        activations: { data: activations, shape: [T, N, D] },
        confidences: { data: softmax, shape: [T, N, C] },
        labels,
        learningRates,
        includeBias,
      });
      for (let i = 0; i < N; i++) expect(Math.abs(score[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, expected[i]));
    });
  }

  it('refuses activations of other checkpoints or samples, and a learning rate per checkpoint missing', () => {
    const confidences = { data: new Float32Array(T * N * C), shape: [T, N, C] as const };
    const activations = { data: new Float32Array(T * (N - 1) * D), shape: [T, N - 1, D] as const };
    expect(() => tracInSelfInfluence({ activations, confidences, labels, learningRates })).toThrow(/activations are \[2,4,3\] but confidences \[2,5,4\]/);
    const fitting = { data: new Float32Array(T * N * D), shape: [T, N, D] as const };
    expect(() => tracInSelfInfluence({ activations: fitting, confidences, labels, learningRates: Float32Array.from([1]) })).toThrow(
      /1 learning rates for 2 checkpoints/,
    );
  });
});
