import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { saliencyMethods } from '../../src/explain/saliencyMethods.js';
import { buildResNet, stageOutputLayer } from '../../src/models/buildResNet.js';
import { ModelGraph } from '../../src/models/ModelGraph.js';
import { modelPayload } from '../../src/models/parallel/modelPayload.js';
import { runSaliencyParallel } from '../../src/models/parallel/runSaliencyParallel.js';
import { WorkerPool } from '../../src/models/parallel/WorkerPool.js';
import { gradCam } from '../../src/explain/gradCam.js';

/** A method that never keeps the head inputs itself: the registry's own forward pass fills them in. */
const extraSaliencyMethods = saliencyMethods.extend(import.meta.url, {
  'test-no-head': ({ graph: g, x: input, layer, targets }) => {
    const { maps, logits } = gradCam(g, input, layer, targets);
    return { maps, logits };
  },
});

// The penultimate activations TracIn needs (headInputs) are the final dense layer's input: checked by
// recomputing the logits from them with the dense layer's own kernel and bias, h W + b, in plain loops.
const LAYER = stageOutputLayer('resnet8');
const N = 6;
const CLASSES = 4;
let model: tf.LayersModel;
let graph: ModelGraph;
let x: tf.Tensor4D;
let pool: WorkerPool;

beforeAll(async () => {
  await selectBackend('wasm');
  model = buildResNet({ arch: 'resnet8', inputShape: [8, 8, 1], classes: CLASSES, width: 0.25, seed: 3 });
  graph = ModelGraph.fromModel(model);
  x = tf.randomNormal([N, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
});

afterAll(async () => {
  await pool?.close();
});

/** h W + b by loops, with the 'logits' layer's weights. */
function denseByHand(head: Float32Array, width: number): Float64Array {
  const [kernel, bias] = model.getLayer('logits').getWeights().map((w) => w.dataSync() as Float32Array);
  const out = new Float64Array(N * CLASSES);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < CLASSES; c++) {
      let sum = bias[c];
      for (let d = 0; d < width; d++) sum += head[n * width + d] * kernel[d * CLASSES + c];
      out[n * CLASSES + c] = sum;
    }
  }
  return out;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tolerance = 1e-5): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThan(tolerance);
}

describe('headInputs: the final dense layer input of the saliency pass', () => {
  it("is the 'pool' layer for i2x's ResNets, and null for a model not ending in a linear Dense layer", () => {
    expect(graph.headInputName).toBe('pool');
    const input = tf.input({ shape: [3] });
    const soft = tf.layers.dense({ units: 2, activation: 'softmax', name: 'soft' }).apply(input) as tf.SymbolicTensor;
    const softmaxModel = tf.model({ inputs: input, outputs: soft });
    const softGraph = ModelGraph.fromModel(softmaxModel);
    expect(softGraph.headInputName).toBeNull();
    expect(() => saliencyMethods.compute({ graph: softGraph, x: tf.zeros([1, 3]) as unknown as tf.Tensor4D, layer: 'soft', method: 'gradcam', target: 0, headInputs: true })).toThrow(
      /does not end in one linear Dense layer.*output layer is 'soft'/,
    );
    softmaxModel.dispose();
  });

  for (const method of ['gradcam', 'lrp-epsilon', 'test-no-head']) {
    it(`${method}: h W + b reproduces the logits of the same pass, and the maps are those computed without headInputs`, () => {
      const registry = method.startsWith('test-') ? extraSaliencyMethods : saliencyMethods;
      const before = tf.memory().numTensors;
      const labels = Int32Array.from([0, 1, 2, 3, 0, 1]);
      const plain = registry.compute({ graph, x, layer: LAYER, method, target: 'label', labels });
      const withHead = registry.compute({ graph, x, layer: LAYER, method, target: 'label', labels, headInputs: true });
      expect(plain.headInputs).toBeUndefined();
      expect(withHead.maps.dataSync()).toEqual(plain.maps.dataSync());
      const [rows, width] = withHead.headInputs!.shape;
      expect(rows).toBe(N);
      expectClose(denseByHand(withHead.headInputs!.dataSync() as Float32Array, width), withHead.logits.dataSync() as Float32Array);
      tf.dispose([plain.maps, plain.logits, withHead.maps, withHead.logits, withHead.headInputs!]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('on worker threads: the same head inputs as in this thread, in sample order', async () => {
    const images = x.dataSync() as Float32Array;
    const labels = Int32Array.from([3, 2, 1, 0, 3, 2]);
    const here = saliencyMethods.compute({ graph, x, layer: LAYER, method: 'gradcam', target: 'label', labels, headInputs: true });
    const parallel = await runSaliencyParallel(pool, {
      ...modelPayload(model),
      methods: saliencyMethods,
      method: 'gradcam',
      layer: LAYER,
      images: images.slice(),
      shape: [N, 8, 8, 1],
      targets: 'label',
      labels,
      batchSize: 4, // two workers, a short last batch
      headInputs: true,
    });
    expect(parallel.headWidth).toBe(here.headInputs!.shape[1]);
    expectClose(parallel.headInputs!, here.headInputs!.dataSync() as Float32Array);
    const without = await runSaliencyParallel(pool, { ...modelPayload(model), methods: saliencyMethods, method: 'gradcam', layer: LAYER, images: images.slice(), shape: [N, 8, 8, 1], targets: 'label', labels });
    expect(without.headInputs).toBeUndefined();
    tf.dispose([here.maps, here.logits, here.headInputs!]);
  });
});
