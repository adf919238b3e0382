import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import type { LinearLayer } from '../../../src/explain/lrp/LinearLayer.js';
import { convLayer, denseLayer, globalAveragePoolLayer } from '../../../src/explain/lrp/linearLayers.js';
import type { LrpRule } from '../../../src/explain/lrp/LrpRule.js';
import { alphaBetaRule } from '../../../src/explain/lrp/rules/alphaBeta.js';
import { cropPadding } from '../../../src/explain/lrp/rules/cropPadding.js';
import { epsilonRule } from '../../../src/explain/lrp/rules/epsilon.js';
import { flatRule } from '../../../src/explain/lrp/rules/flat.js';
import { gammaRule } from '../../../src/explain/lrp/rules/gamma.js';
import { winnerTakeAll } from '../../../src/explain/lrp/rules/winnerTakeAll.js';
import { zBoxRule } from '../../../src/explain/lrp/rules/zBox.js';
import { zPlusRule } from '../../../src/explain/lrp/rules/zPlus.js';
import { SeededRandom } from '../../../src/util/SeededRandom.js';
import { convMatrix, denseMatrix, poolMatrix, slowAlphaBeta, slowMaxPool, slowZeroPadding, slowEpsilon, slowFlat, slowGamma, slowZBox, slowZPlus, type SlowMatrix, type SlowRule } from './slowLrp.js';
import { maxRelativeError, randomArray } from '../../helpers/numeric.js';

// wasm, the backend i2x explains on without tfjs-node
beforeAll(async () => {
  await selectBackend('wasm');
});



describe('LRP rules', () => {
  it('LRP-0 gives the hand-computed relevances on Linear -> ReLU (the bias absorbs 7.69)', () => {
    // W = [[0.5, 0.3, 0.2], [0.1, 0.4, 0.5]] (out x in), b = [0.1, 0.2]; x = [1, 2, 3]: z = [1.8, 2.6]
    // R = [0, 100]: R_i = x_i W_1i * 100 / 2.6 = [3.846, 30.769, 57.692]; sum 92.31, bias 0.2 * 100 / 2.6 = 7.69
    const got = tf.tidy(() => {
      const layer = denseLayer(tf.tensor2d([[0.5, 0.1], [0.3, 0.4], [0.2, 0.5]]), tf.tensor1d([0.1, 0.2]));
      return epsilonRule(0)(layer, tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0, 100]])).dataSync();
    });
    expect(got[0]).toBeCloseTo(3.85, 2);
    expect(got[1]).toBeCloseTo(30.77, 2);
    expect(got[2]).toBeCloseTo(57.69, 2);
    expect(100 - (got[0] + got[1] + got[2])).toBeCloseTo(7.69, 2);
  });

  const rules: { name: string; fast: LrpRule; slow: SlowRule }[] = [
    { name: 'epsilon (1e-6)', fast: epsilonRule(1e-6), slow: slowEpsilon(1e-6) },
    { name: 'epsilon (0.5)', fast: epsilonRule(0.5), slow: slowEpsilon(0.5) },
    { name: 'zPlus', fast: zPlusRule(), slow: slowZPlus() },
    { name: 'alpha2beta1', fast: alphaBetaRule(2, 1), slow: slowAlphaBeta(2, 1) },
    { name: 'alpha1beta0', fast: alphaBetaRule(1, 0), slow: slowAlphaBeta(1, 0) },
    { name: 'gamma (0.25)', fast: gammaRule(0.25), slow: slowGamma(0.25) },
    { name: 'gamma (1)', fast: gammaRule(1), slow: slowGamma(1) },
    { name: 'flat', fast: flatRule(), slow: slowFlat() },
    { name: 'zBox (per channel)', fast: zBoxRule([-2, -3], [2.5, 3]), slow: slowZBox([-2, -3], [2.5, 3]) },
    { name: 'zBox (scalar)', fast: zBoxRule(-3, 3), slow: slowZBox([-3], [3]) },
  ];

  /** runs a fast rule on a batch and the slow one on each sample; x has negative entries on purpose */
  function compare(rule: (typeof rules)[number], make: () => { layer: LinearLayer; x: tf.Tensor; r: tf.Tensor }, matrix: SlowMatrix) {
    const { fastOut, xs, rs } = tf.tidy(() => {
      const { layer, x, r } = make();
      return { fastOut: rule.fast(layer, x, r).dataSync(), xs: x.dataSync(), rs: r.dataSync() };
    });
    const n = 2;
    for (let s = 0; s < n; s++) {
      const x = Float64Array.from(xs.subarray(s * matrix.inSize, (s + 1) * matrix.inSize));
      const r = Float64Array.from(rs.subarray(s * matrix.outSize, (s + 1) * matrix.outSize));
      const expected = rule.slow(matrix, x, r);
      expect(maxRelativeError(fastOut.subarray(s * matrix.inSize, (s + 1) * matrix.inSize), expected), `${rule.name}, sample ${s}`).toBeLessThan(1e-4);
    }
  }

  const convCases = [
    { stride: 1, padding: 'valid' as const, k: 3 },
    { stride: 2, padding: 'same' as const, k: 3 },
    { stride: 1, padding: 'same' as const, k: 1 },
  ];
  for (const rule of rules) {
    for (const c of convCases) {
      it(`${rule.name} on a ${c.k}x${c.k} conv (stride ${c.stride}, ${c.padding}) equals the slow per-element rule`, () => {
        const rng = new SeededRandom(11 + c.stride + c.k);
        const kshape = [c.k, c.k, 2, 3];
        const kernel = randomArray(c.k * c.k * 6, rng, 0.5);
        const bias = randomArray(3, rng, 0.3);
        const x = randomArray(2 * 5 * 5 * 2, rng);
        const { m, outShape } = convMatrix(kernel, kshape, bias, [5, 5, 2], [c.stride, c.stride], c.padding);
        const r = randomArray(2 * m.outSize, rng);
        compare(rule, () => ({
          layer: convLayer(tf.tensor4d(kernel, kshape as [number, number, number, number]), tf.tensor1d(bias), [c.stride, c.stride], c.padding),
          x: tf.tensor4d(x, [2, 5, 5, 2]),
          r: tf.tensor4d(r, [2, ...outShape] as [number, number, number, number]),
        }), m);
      });
    }
    if (!rule.name.startsWith('zBox')) {
      it(`${rule.name} on a dense layer equals the slow per-element rule`, () => {
        const rng = new SeededRandom(5);
        const kernel = randomArray(7 * 4, rng, 0.5);
        const bias = randomArray(4, rng, 0.3);
        const x = randomArray(2 * 7, rng);
        const r = randomArray(2 * 4, rng);
        compare(rule, () => ({ layer: denseLayer(tf.tensor2d(kernel, [7, 4]), tf.tensor1d(bias)), x: tf.tensor2d(x, [2, 7]), r: tf.tensor2d(r, [2, 4]) }), denseMatrix(kernel, 7, 4, bias));
      });
    }
  }

  it('epsilon on global average pooling equals the slow rule', () => {
    const rng = new SeededRandom(9);
    const x = randomArray(2 * 3 * 3 * 2, rng);
    const r = randomArray(2 * 2, rng);
    const pool = tf.scalar(1 / 9);
    compare(rules[0], () => ({ layer: globalAveragePoolLayer(pool), x: tf.tensor4d(x, [2, 3, 3, 2]), r: tf.tensor2d(r, [2, 2]) }), poolMatrix(3, 3, 2));
    pool.dispose();
  });

  it('winner take all through a max-pool: each output to its window maximum, ties to the first in window order, overlaps add', () => {
    // 3 x 3 input, 2 x 2 windows, stride 1 (windows overlap):
    //   1 5 5      window (0,0): 1 5 / 2 0 -> 5 at (0,1);  window (0,1): 5 5 / 0 5 -> tie, first: (0,1)
    //   2 0 5      window (1,0): 2 0 / 3 4 -> 4 at (2,1);  window (1,1): 0 5 / 4 1 -> 5 at (1,2)
    //   3 4 1      R = [10, 20, 30, 40]: (0,1) gets 10 + 20, (2,1) 30, (1,2) 40
    const before = tf.memory().numTensors;
    const x = tf.tensor4d([1, 5, 5, 2, 0, 5, 3, 4, 1], [1, 3, 3, 1]);
    const r = tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]);
    const got = winnerTakeAll([2, 2], [1, 1])(x, r);
    expect(Array.from(got.dataSync())).toEqual([0, 30, 0, 0, 0, 40, 0, 30, 0]);
    tf.dispose([x, r, got]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('winner take all (3 x 3, stride 2, 2 channels) equals the slow rule, and conserves relevance', () => {
    const rng = new SeededRandom(21);
    const shape = [2, 9, 9, 2];
    const xs = randomArray(2 * 162, rng).map((v) => Math.round(4 * v) / 4); // quarter steps: many ties
    const rs = randomArray(2 * 4 * 4 * 2, rng);
    const x = tf.tensor4d(xs, shape as [number, number, number, number]);
    const r = tf.tensor4d(rs, [2, 4, 4, 2]);
    const got = tf.tidy(() => winnerTakeAll([3, 3], [2, 2])(x, r).dataSync());
    const pooled = tf.tidy(() => tf.maxPool(x, 3, 2, 'valid').dataSync());
    for (let s = 0; s < 2; s++) {
      const slow = slowMaxPool([9, 9, 2], [3, 3], [2, 2]);
      const xi = Float64Array.from(xs.subarray(s * 162, (s + 1) * 162));
      // the slow pooling is tfjs's own max-pool
      expect(Array.from(slow.forward(xi))).toEqual(Array.from(pooled.subarray(s * 32, (s + 1) * 32)));
      const expected = slow.backward(xi, Float64Array.from(rs.subarray(s * 32, (s + 1) * 32)));
      expect(maxRelativeError(got.subarray(s * 162, (s + 1) * 162), expected)).toBeLessThan(1e-6);
      const sum = (a: ArrayLike<number>) => Array.from(a).reduce((t, v) => t + v, 0);
      expect(sum(got.subarray(s * 162, (s + 1) * 162))).toBeCloseTo(sum(rs.subarray(s * 32, (s + 1) * 32)), 4);
    }
    tf.dispose([x, r]);
  });

  it('cropPadding hands each unpadded cell its own relevance, as the slow rule', () => {
    // padding 1 row on top, 2 columns on the right of a 2 x 2 input -> 3 x 4; relevance 1..12 row by row
    const x = tf.zeros([1, 2, 2, 1]);
    const r = tf.tensor4d(Array.from({ length: 12 }, (_, i) => i + 1), [1, 3, 4, 1]);
    const got = cropPadding([[1, 0], [0, 2]])(x, r);
    expect(Array.from(got.dataSync())).toEqual([5, 6, 9, 10]);
    const slow = slowZeroPadding([2, 2, 1], [[1, 0], [0, 2]]);
    expect(Array.from(slow.backward(new Float64Array(4), Float64Array.from(r.dataSync())))).toEqual([5, 6, 9, 10]);
    tf.dispose([x, r, got]);
  });

  it('rejects alpha - beta != 1', () => {
    expect(() => alphaBetaRule(2, 2)).toThrow(/alpha - beta = 1/);
  });
});
