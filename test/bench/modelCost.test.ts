import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { achieved, modelCost } from '../../bench/modelCost.js';

describe('bench/modelCost', () => {
  it('counts the MACs of convolutions and dense layers by hand', () => {
    const input = tf.input({ shape: [8, 8, 2] });
    const c1 = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'c1' }).apply(input) as tf.SymbolicTensor;
    const c2 = tf.layers.conv2d({ filters: 4, kernelSize: 1, strides: 2, name: 'c2' }).apply(c1) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(c2) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 5, name: 'fc' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const c1Macs = 8 * 8 * 3 * 3 * 2 * 3; // 1152
    const c2Macs = 4 * 4 * 1 * 1 * 3 * 4; // 192
    const fcMacs = 4 * 4 * 4 * 5; // 320
    const cost = modelCost(model, 'c1');
    expect(cost.inferMacs).toBe(c1Macs + c2Macs + fcMacs);
    expect(cost.trainMacs).toBe(3 * (c1Macs + c2Macs + fcMacs) - c1Macs);
    expect(cost.gradCamMacs).toBe(c1Macs + c2Macs + fcMacs + c2Macs + fcMacs);
    expect(() => modelCost(model, 'nope')).toThrow(/no layer 'nope'/);
    model.dispose();
  });

  it('turns images/s into GFLOP/s and a fraction of the SIMD peak', () => {
    // 1e9 MACs per image at 1 image/s = 2 GFLOP/s; peak of one 2 GHz core = 2 * 4 lanes * 2 * 2 = 32 GFLOP/s
    expect(achieved(1, 1e9, 1, 2)).toEqual({ gflop_s: 2, of_simd128_peak: 0.063 });
  });
});
