import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { SALIENCY_METHOD_NAMES } from '../../../src/config/saliencyMethodNames.js';
import { buildResNet, stageOutputLayer } from '../../../src/models/buildResNet.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { modelPayload } from '../../../src/models/parallel/modelPayload.js';
import { runSaliencyParallel } from '../../../src/models/parallel/runSaliencyParallel.js';
import { dropModel } from '../../../src/models/parallel/withModelOnWorkers.js';
import type { WorkerSaliencyMethods } from '../../../src/models/parallel/workerProtocol.js';
import { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';
import { saliencyMethods } from './extraSaliencyMethods.js';

// Workers run compiled code (dist/): `npm run build` first (npm test does).
const N = 21;
const BATCH = 8; // batches of 8, 8, 5 on the workers and here
const SHAPE = [N, 12, 12, 1] as const;
const LAYER = stageOutputLayer('resnet8');
const BOUNDS = { low: [-2], high: [2] };
let pool: WorkerPool;
let model: tf.LayersModel;
let graph: ModelGraph;
let images: Float32Array;
let labels: Int32Array;

// the registry a worker loads must offer what the worker calls
const workerView: WorkerSaliencyMethods = saliencyMethods;

beforeAll(async () => {
  await selectBackend('wasm');
  pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
  model = buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 5, width: 0.5, seed: 11 });
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const [gamma, beta] = layer.getWeights();
    const c = gamma.shape[0];
    const running = [tf.randomUniform([c], -0.5, 0.5, 'float32', 4), tf.randomUniform([c], 0.5, 2, 'float32', 5)];
    layer.setWeights([gamma, beta, ...running]);
    tf.dispose(running);
  }
  graph = ModelGraph.fromModel(model);
  images = tf.tidy(() => tf.clipByValue(tf.randomNormal([...SHAPE], 0, 1, 'float32', 6), -2, 2).dataSync() as Float32Array);
  labels = Int32Array.from({ length: N }, (_, i) => (i * 2) % 5);
});

afterAll(async () => {
  await pool?.close();
  model?.dispose();
});

/** The in-thread path, batch by batch as the workers get them. */
function inThread(method: string, target: 'label' | 'predicted' | number): { maps: Float32Array; logits: Float32Array } {
  const maps: number[] = [];
  const logits: number[] = [];
  for (let start = 0; start < N; start += BATCH) {
    const end = Math.min(N, start + BATCH);
    const per = 12 * 12;
    tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(start * per, end * per), [end - start, 12, 12, 1]);
      const r = workerView.compute({ graph, x, layer: LAYER, method, target, labels: labels.slice(start, end), inputBounds: BOUNDS });
      maps.push(...r.maps.dataSync());
      logits.push(...r.logits.dataSync());
    });
  }
  return { maps: Float32Array.from(maps), logits: Float32Array.from(logits) };
}

/** The float32 values as their bit patterns, so -0 and 0 (or two NaNs) are told apart. */
const bits = (values: Float32Array): Uint32Array => new Uint32Array(values.buffer, values.byteOffset, values.length);

describe('every registered saliency method on workers', () => {
  const names = [...SALIENCY_METHOD_NAMES, 'test-abs-gradient-cam'];

  it('is registered: the shipped names plus the test-only method', () => {
    expect(saliencyMethods.names).toEqual(names);
  });

  // each method with one of the targets in turn (the targets are resolved by one shared function)
  const targets = ['label', 'predicted', 3] as const;
  names.forEach((method, i) => {
    const target = targets[i % targets.length];
    it(`${method} (target ${target}): the workers' maps and logits equal this thread's, bit for bit`, async () => {
      const got = await runSaliencyParallel(pool, { ...modelPayload(model), modelKey: 'methods-test', methods: saliencyMethods, method, layer: LAYER, images, shape: SHAPE, targets: target, labels, inputBounds: BOUNDS, batchSize: BATCH });
      const want = inThread(method, target);
      expect(got.mapShape).toEqual([N, 3, 3]);
      expect(bits(got.maps)).toEqual(bits(want.maps));
      expect(bits(got.logits)).toEqual(bits(want.logits));
      expect(want.maps.some((v) => v !== 0)).toBe(true);
    });
  });

  it('ran the test-only method itself on the workers, not Grad-CAM', async () => {
    const run = (method: string) => runSaliencyParallel(pool, { ...modelPayload(model), modelKey: 'methods-test', methods: saliencyMethods, method, layer: LAYER, images, shape: SHAPE, targets: 'label', labels, batchSize: BATCH });
    const [fake, gradcam] = [await run('test-abs-gradient-cam'), await run('gradcam')];
    expect(fake.maps).not.toEqual(gradcam.maps);
    await dropModel(pool, 'methods-test');
  });

  it('says so when the methods module exports no registry', async () => {
    const notARegistry = { moduleUrl: new URL('../../../src/util/log.ts', import.meta.url).href };
    await expect(runSaliencyParallel(pool, { ...modelPayload(model), methods: notARegistry, method: 'gradcam', layer: LAYER, images, shape: SHAPE, targets: labels })).rejects.toThrow(
      /dist\/src\/util\/log\.js exports no saliency registry 'saliencyMethods'/,
    );
  });

  it("rejects a method the registry does not have, naming the registered ones (the worker's error)", async () => {
    await expect(runSaliencyParallel(pool, { ...modelPayload(model), methods: saliencyMethods, method: 'gradcam++', layer: LAYER, images, shape: SHAPE, targets: labels })).rejects.toThrow(
      `Unknown saliency method 'gradcam++'; accepted: ${names.join(', ')}.`,
    );
  });
});
