import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { deletionCurves, insertionCurves } from '../../../src/explain/quality/deletionInsertion.js';
import { modelOnPool, modelOnThisThread } from '../../../src/explain/quality/perturbationModels.js';
import { randomMaps } from '../../../src/explain/quality/randomMaps.js';
import { roadCurves } from '../../../src/explain/quality/roadCurves.js';
import { buildResNet } from '../../../src/models/buildResNet.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { modelPayload } from '../../../src/models/parallel/modelPayload.js';
import { withModelOnWorkers } from '../../../src/models/parallel/withModelOnWorkers.js';
import { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';
import { SeededRandom } from '../../../src/util/SeededRandom.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
let pool: WorkerPool;
let model: tf.LayersModel;

// 7 random 12x12 images, 5 steps: 42 deletion images in chunks of 5 (the last of 2), over 2 workers two requests
// deep, so chunks come back out of order. The logit layer's kernel is scaled up so the softmax is far from uniform.
const random = new SeededRandom(11);
const images = { data: Float32Array.from({ length: 7 * 144 }, () => random.normal()), n: 7, height: 12, width: 12, channels: 1 };
const maps = randomMaps(7, 12, 12, 3);
const targets = Int32Array.from({ length: 7 }, (_, i) => (i * 3) % 10);
const common = { images, maps, targets, steps: 5, batchSize: 5 };

beforeAll(async () => {
  await selectBackend('wasm');
  pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
  model = buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 10, width: 0.25, seed: 7 });
  const kernel = model.getLayer('logits').getWeights()[0];
  const bias = model.getLayer('logits').getWeights()[1];
  model.getLayer('logits').setWeights([tf.mul(kernel, 30), bias]);
});

afterAll(async () => {
  model?.dispose();
  await pool?.close();
});

describe('the removal metrics on a worker pool', () => {
  it('give the bits of this thread for deletion, insertion and ROAD, and leave no tensor here', async () => {
    const graph = ModelGraph.fromModel(model);
    const thread = modelOnThisThread((x) => graph.forward(x, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D);
    const before = tf.memory().numTensors;
    const one = {
      deletion: await deletionCurves({ ...common, model: thread }),
      insertion: await insertionCurves({ ...common, model: thread }),
      road: await roadCurves({ ...common, model: thread, order: 'morf', seed: 4 }),
    };
    const pooled = await withModelOnWorkers(pool, modelPayload(model), async (key) => {
      const onPool = modelOnPool(pool, key);
      return {
        deletion: await deletionCurves({ ...common, model: onPool }),
        insertion: await insertionCurves({ ...common, model: onPool }),
        road: await roadCurves({ ...common, model: onPool, order: 'morf', seed: 4 }),
      };
    });
    expect(tf.memory().numTensors).toBe(before);
    // the comparison can fail: the curves move with the steps and differ between samples
    const spread = (v: Float32Array) => Math.max(...v) - Math.min(...v);
    expect(spread(one.deletion.curves)).toBeGreaterThan(0.05);
    expect(spread(one.road.curves)).toBeGreaterThan(0.05);
    expect(one.deletion.curves.length).toBe(7 * 6);
    for (const metric of ['deletion', 'insertion'] as const) {
      expect(Array.from(pooled[metric].curves)).toEqual(Array.from(one[metric].curves));
      expect(Array.from(pooled[metric].auc)).toEqual(Array.from(one[metric].auc));
    }
    expect(Array.from(pooled.road.curves)).toEqual(Array.from(one.road.curves));
    expect(Array.from(pooled.road.mean)).toEqual(Array.from(one.road.mean));
  });

  it('keep at most two chunks per worker in flight, each at most the batch size', async () => {
    let inFlight = 0;
    let most = 0;
    const sizes: number[] = [];
    await withModelOnWorkers(pool, modelPayload(model), (key) =>
      modelOnPool(pool, key).forEachChunk(23, 4, async (start, end, logits) => {
        sizes.push(end - start);
        inFlight++;
        most = Math.max(most, inFlight);
        await logits(new Float32Array((end - start) * 144), [end - start, 12, 12, 1]);
        inFlight--;
      }),
    );
    expect(sizes.reduce((s, v) => s + v, 0)).toBe(23);
    expect(Math.max(...sizes)).toBe(4);
    expect(most).toBeLessThanOrEqual(4);
  });
});
