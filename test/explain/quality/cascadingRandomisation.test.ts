import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { buildResNet, stageOutputLayer } from '../../../src/models/buildResNet.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { saliencyMethods } from '../../../src/explain/saliencyMethods.js';
import { cascadingRandomisation, randomisationOrder } from '../../../src/explain/quality/cascadingRandomisation.js';
import { reinitialisedWeight } from '../../../src/explain/quality/reinitialisedWeight.js';
import { derivedSeed } from '../../../src/util/derivedSeed.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const gradcam = saliencyMethods.method('gradcam');

/** input [2,2,1] -> conv 1x1 (2 filters, no bias) -> relu 'feat' -> GAP -> dense(2) 'logits' (as test/explain/gradCam.test.ts) */
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

/** Slow obvious Spearman (ranks by counting, ties averaged, then Pearson). */
function slowSpearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
  const ra = rank(a), rb = rank(b);
  const m = (ra.length + 1) / 2;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) { sab += (ra[i] - m) * (rb[i] - m); saa += (ra[i] - m) ** 2; sbb += (rb[i] - m) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** SSIM of two 2x2 maps: the window is 1 pixel, so each pixel contributes (2ab + c1) / (a^2 + b^2 + c1). */
function ssim2x2(a: number[], b: number[]): number {
  const range = Math.max(...a, ...b) - Math.min(...a, ...b);
  const c1 = (0.01 * range) ** 2;
  return a.reduce((s, v, i) => s + (2 * v * b[i] + c1) / (v * v + b[i] * b[i] + c1), 0) / a.length;
}

// two samples: pixels [1, -2, 3, 0] and [2, 1, 0, -1]
const pixels = [1, -2, 3, 0, 2, 1, 0, -1];

describe('cascadingRandomisation', () => {
  it('re-initialises from the top down and follows hand-computed Grad-CAM maps', () => {
    const model = tinyNet();
    const graph = ModelGraph.fromModel(model);
    expect(randomisationOrder(graph).map((step) => step.map((n) => n.name))).toEqual([['logits'], ['conv']]);
    const x = tf.tensor4d(pixels, [2, 2, 2, 1]);
    // injected weights: dense column 0 becomes [1, 4], the conv kernel [1, 1]
    const injected: Record<string, number[]> = { 'logits/kernel': [1, 0, 4, 0], 'logits/bias': [0, 0], 'conv/kernel': [1, 1] };
    const result = cascadingRandomisation({
      graph, method: gradcam, x, layer: 'feat', targets: new Int32Array([0, 0]), seed: 5, examples: 2,
      reinitialise: (field, shape, _seed, layer) => tf.tensor(injected[`${layer}/${field}`], shape),
    });
    // A = [relu(p), relu(-p)]; Grad-CAM weights are W[c, 0] / 4.
    // trained (W col 0 = [2, 1]): 0.5 A0 + 0.25 A1. sample 1: A0 [1,0,3,0], A1 [0,2,0,0]; sample 2: A0 [2,1,0,0], A1 [0,0,0,1]
    const original = [[0.5, 0.5, 1.5, 0], [1, 0.5, 0, 0.25]];
    // top randomised (col 0 = [1, 4]): 0.25 A0 + A1
    const top = [[0.25, 2, 0.75, 0], [0.5, 0.25, 0, 1]];
    // conv randomised too (kernel [1, 1]): A0 = A1 = relu(p), map 1.25 relu(p)
    const both = [[1.25, 0, 3.75, 0], [2.5, 1.25, 0, 0]];
    expect(result.examples).toBe(2);
    expect(Array.from(result.exampleMaps)).toEqual([original[0], original[1], top[0], top[1], both[0], both[1]].flat());
    expect(result.steps.map((s) => s.layers)).toEqual([['logits'], ['conv']]);
    // hand values: sample 1 top 3 / sqrt(22.5), sample 2 top 0.4; sample 1 both 3.75 / 4.5, sample 2 both 4.5 / sqrt(22.5)
    expect(result.steps[0].perSample.spearman[0]).toBeCloseTo(3 / Math.sqrt(22.5), 6);
    expect(result.steps[0].perSample.spearman[1]).toBeCloseTo(0.4, 6);
    expect(result.steps[0].spearman).toBeCloseTo((slowSpearman(original[0], top[0]) + slowSpearman(original[1], top[1])) / 2, 6);
    expect(result.steps[1].spearman).toBeCloseTo((3.75 / 4.5 + 4.5 / Math.sqrt(22.5)) / 2, 6);
    expect(result.steps[0].ssim).toBeCloseTo((ssim2x2(original[0], top[0]) + ssim2x2(original[1], top[1])) / 2, 6);
    expect(result.steps[1].ssim).toBeCloseTo((ssim2x2(original[0], both[0]) + ssim2x2(original[1], both[1])) / 2, 6);
    // the trained weights are back
    expect(Array.from(model.getLayer('logits').getWeights()[0].dataSync())).toEqual([2, 0, 1, 3]);
    expect(Array.from(model.getLayer('conv').getWeights()[0].dataSync())).toEqual([1, -1]);
    x.dispose();
    model.dispose();
  });

  it('draws the top layer with its derived seed (default re-initialisation, map recomputed by hand from the drawn weights)', () => {
    const model = tinyNet();
    const graph = ModelGraph.fromModel(model);
    const x = tf.tensor4d(pixels.slice(0, 4), [1, 2, 2, 1]);
    const seed = 11;
    const result = cascadingRandomisation({ graph, method: gradcam, x, layer: 'feat', targets: new Int32Array([1]), seed });
    const drawn = reinitialisedWeight('kernel', [2, 2], derivedSeed(seed, 'mprt/logits/kernel', 0));
    const k = drawn.dataSync();
    drawn.dispose();
    expect(derivedSeed(seed, 'mprt/logits/kernel', 0)).not.toBe(0);
    // class 1 after the top step: relu(K[0,1]/4 * A0 + K[1,1]/4 * A1), A0 [1,0,3,0], A1 [0,2,0,0]
    const a0 = [1, 0, 3, 0], a1 = [0, 2, 0, 0];
    const expected = a0.map((v, p) => Math.max(0, (k[1] / 4) * v + (k[3] / 4) * a1[p]));
    Array.from(result.exampleMaps.subarray(4, 8)).forEach((v, p) => expect(v).toBeCloseTo(expected[p], 6));
    // the same seed draws the same cascade
    const again = cascadingRandomisation({ graph, method: gradcam, x, layer: 'feat', targets: new Int32Array([1]), seed });
    expect(Array.from(again.exampleMaps)).toEqual(Array.from(result.exampleMaps));
    x.dispose();
    model.dispose();
  });

  it('groups each convolution with its BatchNorm on a ResNet-8, restores every weight and leaks no tensors', () => {
    const model = buildResNet({ arch: 'resnet8', inputShape: [8, 8, 1], classes: 3, width: 0.25, seed: 2 });
    const graph = ModelGraph.fromModel(model);
    const order = randomisationOrder(graph);
    expect(order[0].map((n) => n.name)).toEqual(['logits']);
    for (const step of order) {
      if (step.length === 2) expect([step[0].className, step[1].className]).toEqual(['Conv2D', 'BatchNormalization']);
    }
    const weightsWithLayers = order.flat().length;
    expect(weightsWithLayers).toBe(model.layers.filter((l) => l.weights.length > 0).length);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const run = () => cascadingRandomisation({ graph, method: gradcam, x, layer: stageOutputLayer('resnet8'), targets: new Int32Array([0, 1, 2]), seed: 1, batchSize: 2 });
    const first = run();
    const count = tf.memory().numTensors;
    run();
    expect(tf.memory().numTensors).toBe(count);
    expect(first.steps.length).toBe(order.length);
    for (const step of first.steps) {
      if (Number.isFinite(step.spearman)) { expect(step.spearman).toBeLessThanOrEqual(1 + 1e-9); expect(step.spearman).toBeGreaterThanOrEqual(-1 - 1e-9); }
    }
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    x.dispose();
    model.dispose();
  });
});
