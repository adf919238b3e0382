import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { COMPOSITE_NAMES, type CompositeName } from '../../../src/config/saliencyMethodNames.js';
import { lrp } from '../../../src/explain/lrp/lrp.js';
import { lrpFromOutputRelevance } from '../../../src/explain/lrp/lrpFromOutputRelevance.js';
import { buildResNet } from '../../../src/models/buildResNet.js';
import { SeededRandom } from '../../../src/util/SeededRandom.js';
import { slowComposite, slowLrp } from './slowLrp.js';
import { maxRelativeError, randomArray } from '../../helpers/numeric.js';

// wasm, the backend i2x explains on without tfjs-node
beforeAll(async () => {
  await selectBackend('wasm');
});

const BOX = { low: [-3, -2.5], high: [3, 2.5] };


/** gives every weight of the model (BatchNorm statistics included) seeded random values of a sensible size */
function randomiseWeights(model: tf.LayersModel, seed: number, withBias = true): void {
  const rng = new SeededRandom(seed);
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    if (cls === 'BatchNormalization') {
      const c = weights[0].shape[0];
      const values = [
        Float32Array.from({ length: c }, () => 0.5 + rng.next()), // gamma
        Float32Array.from({ length: c }, () => 0.2 * rng.normal()), // beta
        Float32Array.from({ length: c }, () => 0.2 * rng.normal()), // moving mean
        Float32Array.from({ length: c }, () => 0.5 + rng.next()), // moving variance
      ];
      layer.setWeights(values.map((v) => tf.tensor1d(v)));
    } else {
      const fanIn = weights[0].shape.slice(0, -1).reduce((a, b) => a * b, 1);
      layer.setWeights(weights.map((w, k) => tf.tensor(k === 0 ? randomArray(w.size, rng, Math.sqrt(2 / fanIn)) : withBias ? randomArray(w.size, rng, 0.1) : new Float32Array(w.size), w.shape)));
    }
  }
}

/** input [5, 5, 2] -> conv 3x3 relu -> conv 3x3 stride 2 -> ReLU -> flatten -> dense(3) */
function sequentialNet(withBias: boolean, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [5, 5, 2], name: 'input' });
  let h = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', useBias: withBias, name: 'c1' }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: withBias, name: 'c2' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU({ name: 'r2' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'flat' }).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 3, useBias: withBias, name: 'logits' }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  randomiseWeights(model, seed, withBias);
  return model;
}

/** input [7, 7, 2] -> conv 3x3 relu -> ZeroPadding2D 1 -> max-pool 3x3 stride 2 'valid' (9 -> 4) -> conv 3x3 -> ReLU -> flatten -> dense(3), as a torchvision stem */
function paddedPoolNet(withBias: boolean, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [7, 7, 2], name: 'input' });
  let h = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', useBias: withBias, name: 'c1' }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.zeroPadding2d({ padding: 1, name: 'pad' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: withBias, name: 'c2' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU({ name: 'r2' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'flat' }).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 3, useBias: withBias, name: 'logits' }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  randomiseWeights(model, seed, withBias);
  return model;
}

function tinyResNet(seed: number, shape: [number, number, number] = [6, 6, 2]): tf.LayersModel {
  const model = buildResNet({ arch: 'resnet8', inputShape: shape, classes: 3, width: 0.25, seed });
  randomiseWeights(model, seed + 100);
  return model;
}

const options = (composite: CompositeName) => ({ composite, ...BOX, printConservation: false });

describe('lrp on whole models', () => {
  it('gives the hand-computed LRP-0 relevances on Input -> Linear -> ReLU -> output', () => {
    const input = tf.input({ shape: [1, 3, 1], name: 'input' });
    const flat = tf.layers.flatten({ name: 'flat' }).apply(input) as tf.SymbolicTensor;
    const linear = tf.layers.dense({ units: 2, name: 'linear' }).apply(flat) as tf.SymbolicTensor;
    const out = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(linear) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.getLayer('linear').setWeights([tf.tensor2d([[0.5, 0.1], [0.3, 0.4], [0.2, 0.5]]), tf.tensor1d([0.1, 0.2])]);
    const x = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
    const r0 = tf.tensor2d([[0, 100]]);
    const result = lrpFromOutputRelevance(model, x, r0, { composite: 'epsilon', epsilon: 0, layers: ['linear'], printConservation: false });
    expect(Array.from(result.input).map((v) => +v.toFixed(2))).toEqual([3.85, 30.77, 57.69]);
    expect(result.inputShape).toEqual([1, 1, 3]);
    expect(result.layers.get('linear')![0]).toBeCloseTo(100, 4);
    const atInput = result.conservation.find((e) => e.layer === 'input')!;
    expect(atInput.logit).toBeCloseTo(100, 4);
    expect(atInput.relevanceSum).toBeCloseTo(92.31, 2);
    expect(atInput.deviation).toBeCloseTo(0.0769, 4);
    tf.dispose([x, r0]);
  });

  for (const composite of COMPOSITE_NAMES) {
    it(`${composite} equals the slow reimplementation on a conv/dense network and on a tiny resnet8`, () => {
      for (const [model, layers] of [
        [sequentialNet(true, 1), ['c1', 'r2']],
        [paddedPoolNet(true, 17), ['c1', 'pad', 'maxpool', 'c2']],
        [tinyResNet(2), ['stem_conv', 'stage1_block1_relu1', 'stage2_block1_out', 'pool']],
      ] as const) {
        const n = 2;
        const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
        const xs = randomArray(n * h * w * c, new SeededRandom(3));
        const x = tf.tensor4d(xs, [n, h, w, c]);
        const targets = Int32Array.from([0, 2]);
        const fast = lrp(model, x, targets, { ...options(composite), layers: [...layers] });
        const logits = (model.predict(x) as tf.Tensor).arraySync() as number[][];
        for (let s = 0; s < n; s++) {
          const r0 = [0, 0, 0];
          r0[targets[s]] = logits[s][targets[s]];
          const slow = slowLrp(model, xs.subarray(s * h * w * c, (s + 1) * h * w * c), r0, slowComposite(composite, BOX));
          const expectedInput = channelSum(slow.get('input')!, c);
          expect(maxRelativeError(fast.input.subarray(s * h * w, (s + 1) * h * w), expectedInput), `${model.name} input, sample ${s}`).toBeLessThan(1e-3);
          for (const layer of layers) {
            const [, lh, lw] = fast.layerShapes.get(layer)!;
            const expected = channelSum(slow.get(layer)!, slow.get(layer)!.length / (lh * lw));
            expect(maxRelativeError(fast.layers.get(layer)!.subarray(s * lh * lw, (s + 1) * lh * lw), expected), `${model.name} ${layer}, sample ${s}`).toBeLessThan(1e-3);
          }
        }
        x.dispose();
        model.dispose();
      }
    });
  }

  // alpha2-beta1 is left out: where a unit has no negative contribution (z- = 0), its beta share has
  // nowhere to go and the unit passes on alpha * R (as in zennit); its values are checked against the slow
  // reimplementation above instead.
  it('conserves relevance at every cut on a bias-free ReLU network (LRP-0, epsilon-plus-flat, epsilon-gamma-box)', () => {
    const model = sequentialNet(false, 7);
    const x = tf.tensor4d(randomArray(3 * 50, new SeededRandom(8)), [3, 5, 5, 2]);
    for (const composite of ['epsilon', 'epsilon-plus-flat', 'epsilon-gamma-box'] as const) {
      const result = lrp(model, x, Int32Array.from([0, 1, 2]), { ...options(composite), epsilon: 0 });
      expect(result.conservation.map((e) => e.layer)).toEqual(['input', 'c1', 'c2', 'r2', 'flat', 'logits']);
      for (const entry of result.conservation) expect(entry.deviation, `${composite} at ${entry.layer}`).toBeLessThan(1e-4);
    }
    x.dispose();
    model.dispose();
  });

  it('conserves relevance through ZeroPadding2D and max-pooling on a bias-free ReLU network (LRP-0, epsilon-plus-flat, epsilon-gamma-box)', () => {
    const model = paddedPoolNet(false, 18);
    const x = tf.tensor4d(randomArray(3 * 98, new SeededRandom(19)), [3, 7, 7, 2]);
    for (const composite of ['epsilon', 'epsilon-plus-flat', 'epsilon-gamma-box'] as const) {
      const result = lrp(model, x, Int32Array.from([0, 1, 2]), { ...options(composite), epsilon: 0, layers: ['pad', 'maxpool'] });
      expect(result.conservation.map((e) => e.layer)).toEqual(['input', 'c1', 'pad', 'maxpool', 'c2', 'r2', 'flat', 'logits']);
      for (const entry of result.conservation) expect(entry.deviation, `${composite} at ${entry.layer}`).toBeLessThan(1e-4);
      // the padding ring holds no relevance: the sum at 'pad' is the sum over the cells that are c1's
      expect(result.layerShapes.get('pad')).toEqual([3, 9, 9]);
      const pad = result.layers.get('pad')!;
      for (let s = 0; s < 3; s++) {
        for (let i = 0; i < 81; i++) {
          const [row, col] = [Math.floor(i / 9), i % 9];
          if (row === 0 || row === 8 || col === 0 || col === 8) expect(Math.abs(pad[s * 81 + i])).toBe(0);
        }
      }
    }
    x.dispose();
    model.dispose();
  });

  it('merges BatchNorm into the convolution before it (the merged conv equals conv + BN)', async () => {
    const { foldBatchNorm } = await import('../../../src/models/foldBatchNorm.js');
    const input = tf.input({ shape: [5, 5, 2] });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' });
    const bn = tf.layers.batchNormalization({ epsilon: 1e-3, name: 'bn' });
    const model = tf.model({ inputs: input, outputs: bn.apply(conv.apply(input)) as tf.SymbolicTensor });
    randomiseWeights(model, 4);
    const x = tf.tensor4d(randomArray(2 * 50, new SeededRandom(6)), [2, 5, 5, 2]);
    const [kernel, bias] = conv.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const [gamma, beta, movingMean, movingVariance] = bn.getWeights() as tf.Tensor1D[];
    const merged = foldBatchNorm(kernel, bias, { gamma, beta, movingMean, movingVariance, epsilon: 1e-3 });
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const got = tf.tidy(() => tf.add(tf.conv2d(x, merged.kernel as tf.Tensor4D, 1, 'same'), merged.bias).dataSync());
    expect(maxRelativeError(got, expected)).toBeLessThan(1e-5);
    // getWeights() hands out the layers' own variables: only our tensors are disposed
    tf.dispose([x, merged.kernel, merged.bias]);
    model.dispose();
  });

  it('folds a BatchNorm that neither scales nor centres (gamma and beta absent) into a bias-free convolution', async () => {
    const { foldBatchNorm } = await import('../../../src/models/foldBatchNorm.js');
    const input = tf.input({ shape: [4, 4, 2] });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'valid', useBias: false, name: 'conv' });
    const bn = tf.layers.batchNormalization({ epsilon: 1e-3, scale: false, center: false, name: 'bn' });
    const model = tf.model({ inputs: input, outputs: bn.apply(conv.apply(input)) as tf.SymbolicTensor });
    const rng = new SeededRandom(8);
    tf.tidy(() => {
      conv.setWeights([tf.tensor4d(randomArray(3 * 3 * 2 * 3, rng), [3, 3, 2, 3])]);
      bn.setWeights([tf.tensor1d([0.3, -0.2, 0.1]), tf.tensor1d([0.5, 1.5, 2.5])]); // moving mean, moving variance
    });
    const x = tf.tensor4d(randomArray(2 * 32, new SeededRandom(9)), [2, 4, 4, 2]);
    const [kernel] = conv.getWeights() as [tf.Tensor4D];
    const [movingMean, movingVariance] = bn.getWeights() as tf.Tensor1D[];
    expect(bn.getWeights().length).toBe(2);
    const merged = foldBatchNorm(kernel, null, { gamma: null, beta: null, movingMean, movingVariance, epsilon: 1e-3 });
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const got = tf.tidy(() => tf.add(tf.conv2d(x, merged.kernel as tf.Tensor4D, 1, 'valid'), merged.bias).dataSync());
    expect(maxRelativeError(got, expected)).toBeLessThan(1e-5);
    tf.dispose([x, merged.kernel, merged.bias]);
    model.dispose();
  });

  it('a batch gives the same relevance as each sample alone', () => {
    const model = tinyResNet(5, [8, 8, 2]);
    const xs = randomArray(3 * 128, new SeededRandom(10));
    const targets = Int32Array.from([2, 0, 1]);
    for (const composite of ['epsilon-gamma-box', 'epsilon-alpha2-beta1-flat'] as const) {
      const x = tf.tensor4d(xs, [3, 8, 8, 2]);
      const batch = lrp(model, x, targets, { ...options(composite), layers: ['stage2_block1_out'] });
      for (let s = 0; s < 3; s++) {
        const xi = tf.tensor4d(xs.subarray(s * 128, (s + 1) * 128), [1, 8, 8, 2]);
        const single = lrp(model, xi, targets.subarray(s, s + 1), { ...options(composite), layers: ['stage2_block1_out'] });
        expect(maxRelativeError(batch.input.subarray(s * 64, (s + 1) * 64), single.input)).toBeLessThan(1e-4);
        expect(maxRelativeError(batch.layers.get('stage2_block1_out')!.subarray(s * 16, (s + 1) * 16), single.layers.get('stage2_block1_out')!)).toBeLessThan(1e-4);
        xi.dispose();
      }
      x.dispose();
    }
    model.dispose();
  });

  it('runs every composite on resnet8 (width 0.25) and reports conservation at every cut layer', () => {
    const model = tinyResNet(12, [16, 16, 3]);
    const x = tf.tensor4d(randomArray(4 * 16 * 16 * 3, new SeededRandom(13)), [4, 16, 16, 3]);
    const targets = Int32Array.from([0, 1, 2, 0]);
    for (const composite of COMPOSITE_NAMES) {
      const result = lrp(model, x, targets, { composite, low: -3, high: 3, layers: ['stage3_block1_out'] });
      expect(result.conservation.map((e) => e.layer)).toEqual([
        'input', 'stem_bn', 'stem_relu', 'stage1_block1_add', 'stage1_block1_out', 'stage2_block1_add', 'stage2_block1_out', 'stage3_block1_add', 'stage3_block1_out', 'pool', 'logits',
      ]);
      for (const e of result.conservation) expect(Number.isFinite(e.deviation) && Number.isFinite(e.relevanceSum)).toBe(true);
      expect(result.conservation.at(-1)!.deviation).toBe(0);
      expect(result.input.some((v) => v !== 0)).toBe(true);
      expect(result.layerShapes.get('stage3_block1_out')).toEqual([4, 4, 4]);
    }
    x.dispose();
    model.dispose();
  });

  it('leaves no tensors behind', () => {
    const model = tinyResNet(14);
    const x = tf.tensor4d(randomArray(2 * 72, new SeededRandom(15)), [2, 6, 6, 2]);
    const run = () => lrp(model, x, Int32Array.from([1, 2]), { ...options('epsilon-gamma-box'), layers: ['stem_conv', 'pool'] });
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('says what is wrong with a bad target, layer, composite option or layer type', () => {
    const model = tinyResNet(16);
    const x = tf.zeros([1, 6, 6, 2]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => lrp(model, x, Int32Array.from([3]), options('epsilon'))).toThrow(/target 3 .*accepted: 0\.\.2/);
    expect(() => lrp(model, x, Int32Array.from([0, 1]), options('epsilon'))).toThrow(/2 targets for a batch of 1/);
    expect(() => lrp(model, x, Int32Array.from([0]), { ...options('epsilon'), layers: ['nope'] })).toThrow(/'nope' does not exist/);
    expect(() => lrp(model, x, Int32Array.from([0]), { composite: 'epsilon-gamma-box' })).toThrow(/needs the input bounds 'low' and 'high'/);
    expect(tf.memory().numTensors).toBe(before);
    const input = tf.input({ shape: [4, 4, 1] });
    const pooled = tf.layers.averagePooling2d({ poolSize: 2, name: 'avgpool' }).apply(input) as tf.SymbolicTensor;
    const odd = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(pooled)) as tf.SymbolicTensor });
    expect(() => lrp(odd, tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, Int32Array.from([0]), options('epsilon'))).toThrow(/'avgpool' \(AveragePooling2D\).*Supported:/);
    // a max-pool with 'same' padding (implicit -inf padding) is refused, saying how to pad instead
    const samePool = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'samepool' }).apply(input) as tf.SymbolicTensor;
    const same = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(samePool)) as tf.SymbolicTensor });
    expect(() => lrp(same, tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, Int32Array.from([0]), options('epsilon'))).toThrow(/'samepool' \(MaxPooling2D\).*padding 'same' \(only 'valid'; pad explicitly with a ZeroPadding2D/);
    x.dispose();
  });
});

/** [P * C] -> [P]: sum over the channels of each position (P positions, C channels, channels last) */
function channelSum(values: Float64Array, channels: number): Float64Array {
  const out = new Float64Array(values.length / channels);
  for (let i = 0; i < values.length; i++) out[Math.floor(i / channels)] += values[i];
  return out;
}
