import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { gradCam } from '../../../src/explain/gradCam.js';
import { saliencyMethods } from '../../../src/explain/saliencyMethods.js';
import { buildResNet, stageOutputLayer } from '../../../src/models/buildResNet.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { modelPayload } from '../../../src/models/parallel/modelPayload.js';
import { runInferenceParallel } from '../../../src/models/parallel/runInferenceParallel.js';
import { runSaliencyParallel } from '../../../src/models/parallel/runSaliencyParallel.js';
import { dropModel } from '../../../src/models/parallel/withModelOnWorkers.js';
import { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
const N = 37; // not a multiple of the batch size, so the last batch is short
const SHAPE = [N, 12, 12, 1] as const;
const LAYER = stageOutputLayer('resnet8');
const GRADCAM = { methods: saliencyMethods, method: 'gradcam' };
let pool: WorkerPool;
let model: tf.LayersModel;
let graph: ModelGraph;
let images: Float32Array;
let labels: Int32Array;

beforeAll(async () => {
  await selectBackend('wasm');
  pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
  model = buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 5, width: 0.5, seed: 7 });
  // non-trivial running statistics, so inference-mode BatchNorm is exercised
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const [gamma, beta] = layer.getWeights(); // the variables themselves: not to be disposed
    const c = gamma.shape[0];
    const running = [tf.randomUniform([c], -0.5, 0.5, 'float32', 1), tf.randomUniform([c], 0.5, 2, 'float32', 2)];
    layer.setWeights([gamma, beta, ...running]);
    tf.dispose(running);
  }
  graph = ModelGraph.fromModel(model);
  images = tf.tidy(() => tf.randomNormal([...SHAPE], 0, 1, 'float32', 3).dataSync() as Float32Array);
  labels = Int32Array.from({ length: N }, (_, i) => (i * 3) % 5);
});

afterAll(async () => {
  await pool?.close();
});

/** Single-thread Grad-CAM on the whole set at once, the reference. */
function reference(targets: Int32Array): { maps: Float32Array; logits: Float32Array } {
  return tf.tidy(() => {
    const r = gradCam(graph, tf.tensor4d(images, [N, 12, 12, 1]), LAYER, tf.tensor1d(targets, 'int32'));
    return { maps: r.maps.dataSync() as Float32Array, logits: r.logits.dataSync() as Float32Array };
  });
}

function expectClose(got: Float32Array, want: Float32Array, tolerance = 1e-5): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThan(tolerance);
}

describe('runSaliencyParallel', () => {
  it('equals single-thread gradCam for explicit targets, in sample order', async () => {
    const targets = Int32Array.from({ length: N }, (_, i) => (i * 7) % 5);
    const got = await runSaliencyParallel(pool, { ...modelPayload(model), ...GRADCAM, layer: LAYER, images, shape: SHAPE, targets, batchSize: 8 });
    const want = reference(targets);
    expect(got.mapShape).toEqual([N, 3, 3]);
    expect(got.classes).toBe(5);
    expectClose(got.maps, want.maps);
    expectClose(got.logits, want.logits);
  });

  it("explains the labels with targets 'label' and the argmax with 'predicted'", async () => {
    const payload = { ...modelPayload(model), modelKey: 'saliency-test' };
    const byLabel = await runSaliencyParallel(pool, { ...payload, ...GRADCAM, layer: LAYER, images, shape: SHAPE, targets: 'label', labels, batchSize: 16 });
    expectClose(byLabel.maps, reference(labels).maps);
    const predictedClasses = tf.tidy(() => tf.argMax(tf.tensor2d(byLabel.logits, [N, 5]), 1).dataSync() as Int32Array);
    const byPrediction = await runSaliencyParallel(pool, { ...payload, ...GRADCAM, layer: LAYER, images, shape: SHAPE, targets: 'predicted', batchSize: 16 });
    expectClose(byPrediction.maps, reference(predictedClasses).maps);
    await dropModel(pool, 'saliency-test');
  });

  it('does not grow the tensors held by the workers over repeated calls', async () => {
    const payload = { ...modelPayload(model), modelKey: 'memory-test' };
    const run = () => runSaliencyParallel(pool, { ...payload, ...GRADCAM, layer: LAYER, images, shape: SHAPE, targets: 'label', labels, batchSize: 10 });
    await run();
    const tensors = async () => (await Promise.all([0, 1].map((w) => pool.request(w, 'usage', {})))).map((u) => u.numTensors);
    const before = await tensors();
    await run();
    await run();
    expect(await tensors()).toEqual(before);
    await dropModel(pool, 'memory-test');
  });

  it('rejects labels of the wrong length, naming both counts', async () => {
    await expect(runSaliencyParallel(pool, { ...modelPayload(model), ...GRADCAM, layer: LAYER, images, shape: SHAPE, targets: 'label', labels: new Int32Array(3) })).rejects.toThrow(/3 values for 37 images/);
  });

  it("surfaces a worker's error (unknown layer) in the main thread", async () => {
    await expect(runSaliencyParallel(pool, { ...modelPayload(model), ...GRADCAM, layer: 'nope', images, shape: SHAPE, targets: labels })).rejects.toThrow(/saliency layer 'nope' does not exist/);
  });
});

describe('runInferenceParallel', () => {
  it('returns the logits and captured activations of a single-thread forward pass', async () => {
    const got = await runInferenceParallel(pool, { ...modelPayload(model), images, shape: SHAPE, capture: LAYER, batchSize: 8 });
    const want = tf.tidy(() => {
      const out = graph.forward(tf.tensor4d(images, [N, 12, 12, 1]), { mode: 'infer', capture: [LAYER] });
      return { logits: out.get(graph.outputName)!.dataSync() as Float32Array, activations: out.get(LAYER)!.dataSync() as Float32Array };
    });
    expect(got.activationShape).toEqual([N, 3, 3, 32]);
    expectClose(got.logits, want.logits);
    expectClose(got.activations!, want.activations);
  });
});
