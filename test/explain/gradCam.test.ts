import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { buildResNet, stageOutputLayer } from '../../src/models/buildResNet.js';
import { ModelGraph } from '../../src/models/ModelGraph.js';
import { gradCam } from '../../src/explain/gradCam.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** input [1,2,2,1] -> conv 1x1 (2 filters, no bias) -> relu 'feat' -> GAP -> dense(2) */
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

describe('gradCam', () => {
  it('gives hand-computed values on a tiny network', () => {
    const graph = ModelGraph.fromModel(tinyNet());
    // pixels [1, -2, 3, 0]: channel 0 = relu(p) = [1,0,3,0]; channel 1 = relu(-p) = [0,2,0,0]
    const x = tf.tensor4d([1, -2, 3, 0], [1, 2, 2, 1]);
    // class 0: dlogit0/dA_c = W[c,0]/4 -> weights [0.5, 0.25]; map = relu(0.5*A0 + 0.25*A1) = [0.5, 0.5, 1.5, 0]
    const r0 = gradCam(graph, x, 'feat', tf.tensor1d([0], 'int32'));
    expect(Array.from(r0.maps.dataSync())).toEqual([0.5, 0.5, 1.5, 0]);
    // class 1: weights [0, 0.75] -> map = [0, 1.5, 0, 0]
    const r1 = gradCam(graph, x, 'feat', tf.tensor1d([1], 'int32'));
    expect(Array.from(r1.maps.dataSync())).toEqual([0, 1.5, 0, 0]);
    // logits: pooled = [1, 0.5] -> [2*1 + 1*0.5, 3*0.5] = [2.5, 1.5]
    expect(Array.from(r0.logits.dataSync())).toEqual([2.5, 1.5]);
    tf.dispose([x, r0.maps, r0.logits, r1.maps, r1.logits]);
  });

  it('equals CAM for a global-average-pooled dense head at the last layer', () => {
    const model = buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 4, width: 0.5, seed: 3 });
    const graph = ModelGraph.fromModel(model);
    const layer = stageOutputLayer('resnet8');
    const x = tf.randomNormal([3, 12, 12, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const targets = tf.tensor1d([0, 3, 1], 'int32');
    const { maps, logits } = gradCam(graph, x, layer, targets);
    // CAM (Zhou et al. 2016): relu(sum_c W[c, target] * A_c) / (h*w) (the GAP factor)
    const feat = graph.forward(x, { mode: 'infer', capture: [layer] }).get(layer)!;
    const [n, h, w, c] = feat.shape;
    const a = feat.dataSync();
    const kernel = model.getLayer('logits').getWeights()[0].dataSync();
    const classes = 4;
    const t = targets.dataSync();
    const got = maps.dataSync();
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < h * w; p++) {
        let s = 0;
        for (let k = 0; k < c; k++) s += kernel[k * classes + t[i]] * a[(i * h * w + p) * c + k];
        expect(got[i * h * w + p]).toBeCloseTo(Math.max(0, s) / (h * w), 5);
      }
    }
    tf.dispose([x, targets, maps, logits, feat]);
  });

  it('computes a batch exactly as its samples one by one, at an inner layer too', () => {
    const model = buildResNet({ arch: 'resnet8', inputShape: [10, 10, 1], classes: 3, width: 0.5, seed: 4 });
    const graph = ModelGraph.fromModel(model);
    const x = tf.randomNormal([4, 10, 10, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const targets = [2, 0, 1, 1];
    for (const layer of [stageOutputLayer('resnet8'), 'stage2_block1_out', 'stage3_block1_relu1']) {
      const batch = gradCam(graph, x, layer, tf.tensor1d(targets, 'int32'));
      const batchMaps = batch.maps.arraySync();
      for (let i = 0; i < 4; i++) {
        const xi = tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]);
        const single = gradCam(graph, xi, layer, tf.tensor1d([targets[i]], 'int32'));
        const singleMap = single.maps.arraySync()[0];
        singleMap.forEach((row, r) => row.forEach((v, col) => expect(batchMaps[i][r][col]).toBeCloseTo(v, 5)));
        tf.dispose([xi, single.maps, single.logits]);
      }
      tf.dispose([batch.maps, batch.logits]);
    }
    x.dispose();
  });

  it('names the layers when the saliency layer does not exist', () => {
    const graph = ModelGraph.fromModel(tinyNet());
    const x = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => gradCam(graph, x, 'nope', tf.tensor1d([0], 'int32'))).toThrow(/'nope' does not exist.*input, conv, feat, pool, logits/);
    x.dispose();
  });

  it('does not leak tensors', () => {
    const graph = ModelGraph.fromModel(buildResNet({ arch: 'resnet8', inputShape: [8, 8, 1], classes: 2, width: 0.25, seed: 1 }));
    const x = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
    const targets = tf.tensor1d([0, 1], 'int32');
    const run = () => { const r = gradCam(graph, x, stageOutputLayer('resnet8'), targets); tf.dispose([r.maps, r.logits]); };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
  });
});
