import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { saliencyMethods } from '../../../src/explain/saliencyMethods.js';
import { otherClasses, randomLogit } from '../../../src/explain/quality/randomLogit.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

function tinyNet(): tf.LayersModel {
  const input = tf.input({ shape: [2, 2, 1], name: 'input' });
  const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, name: 'conv' }).apply(input) as tf.SymbolicTensor;
  const feat = tf.layers.activation({ activation: 'relu', name: 'feat' }).apply(conv) as tf.SymbolicTensor;
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(feat) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 2, name: 'logits' }).apply(pool) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  model.getLayer('conv').setWeights([tf.tensor4d([1, -1], [1, 1, 1, 2])]);
  model.getLayer('logits').setWeights([tf.tensor2d([[2, 0], [1, 3]]), tf.tensor1d([0, 0])]);
  return model;
}

describe('randomLogit', () => {
  it('compares the true-class map with the other class map (hand values)', () => {
    const model = tinyNet();
    const graph = ModelGraph.fromModel(model);
    const x = tf.tensor4d([1, -2, 3, 0], [1, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const r = randomLogit({ graph, method: saliencyMethods.method('gradcam'), x, layer: 'feat', targets: new Int32Array([0]), classes: 2, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(r.others)).toEqual([1]);
    // class 0 map [0.5, 0.5, 1.5, 0] (ranks 2.5 2.5 4 1), class 1 map [0, 1.5, 0, 0] (ranks 2 4 2 2):
    // deviations [0 0 1.5 -1.5] . [-0.5 1.5 -0.5 -0.5] = 0 -> rho 0
    expect(r.spearman[0]).toBeCloseTo(0, 12);
    // SSIM with a 1-pixel window: mean of (2ab + c1) / (a^2 + b^2 + c1), c1 = (0.01 * 1.5)^2
    const c1 = 0.015 ** 2;
    const a = [0.5, 0.5, 1.5, 0], b = [0, 1.5, 0, 0];
    expect(r.meanSsim).toBeCloseTo(a.reduce((s, v, i) => s + (2 * v * b[i] + c1) / (v * v + b[i] * b[i] + c1), 0) / 4, 6);
    x.dispose();
    model.dispose();
  });

  it('draws another class, uniformly and repeatably, never the target', () => {
    const targets = Int32Array.from({ length: 3000 }, (_, i) => i % 10);
    const others = otherClasses(targets, 10, 4);
    expect(Array.from(otherClasses(targets, 10, 4))).toEqual(Array.from(others));
    expect(Array.from(otherClasses(targets, 10, 5))).not.toEqual(Array.from(others));
    const counts = new Array(10).fill(0);
    others.forEach((o, i) => { expect(o).not.toBe(targets[i]); expect(o).toBeGreaterThanOrEqual(0); expect(o).toBeLessThan(10); counts[o]++; });
    for (const c of counts) expect(c).toBeGreaterThan(200); // 300 expected each
    expect(() => otherClasses(new Int32Array([0]), 1, 1)).toThrow(RangeError);
    expect(() => otherClasses(new Int32Array([4]), 3, 1)).toThrow(/not a class index/);
  });
});
