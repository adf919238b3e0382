import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { buildResNet } from '../../../src/models/buildResNet.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { TrainingOptimizer, type OptimizerConfig } from '../../../src/models/TrainingOptimizer.js';
import { computeGradients, updateRunningStats } from '../../../src/models/trainStep.js';
import { modelPayload } from '../../../src/models/parallel/modelPayload.js';
import { ParallelTrainer } from '../../../src/models/parallel/ParallelTrainer.js';
import { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
const CLASSES = 4;
const SIDE = 8;
let pool: WorkerPool;

beforeAll(async () => {
  await selectBackend('wasm');
  pool = await WorkerPool.create({ workers: 2 });
});

afterAll(async () => {
  await pool?.close();
});

const smallResNet = (seed: number) => buildResNet({ arch: 'resnet8', inputShape: [SIDE, SIDE, 1], classes: CLASSES, width: 0.5, seed });

type ToyBatch = { images: Float32Array; labels: Int32Array; shape: [number, number, number, number] };

function toyBatch(size: number, seed: number): ToyBatch {
  return tf.tidy(() => {
    const labels = Int32Array.from({ length: size }, (_, i) => (i * 3 + seed) % CLASSES);
    const images = tf.randomNormal([size, SIDE, SIDE, 1], 0, 1, 'float32', seed).dataSync() as Float32Array;
    return { images: images.slice(), labels, shape: [size, SIDE, SIDE, 1] };
  });
}

/**
 * The data-parallel step written out in one thread, slowly and plainly: split the batch as evenly as possible
 * (larger slices first, empty ones dropped), each slice's gradient and BatchNorm statistics on the same model,
 * sum_i (n_i / n) * g_i in float64 in slice order, rounded once to float32, the statistics of the union
 * (mean = sum n_i m_i / n, var = sum n_i (v_i + (m_i - m)^2) / n, in float64), then one optimizer step and one
 * running-statistics update. Two replicas that apply the same numbers equal this one model bit for bit.
 */
function trainTwoSlicesInProcess(model: tf.LayersModel, optimizerConfig: OptimizerConfig, batches: ToyBatch[], lrs: number[]) {
  const graph = ModelGraph.fromModel(model);
  const optimizer = TrainingOptimizer.create(model, optimizerConfig);
  const variables = model.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
  const results: { loss: number; correct: number }[] = [];
  batches.forEach((batch, b) => {
    const n = batch.labels.length;
    const perImage = SIDE * SIDE;
    const sizes = [Math.ceil(n / 2), Math.floor(n / 2)].filter((s) => s > 0);
    const slices: { grads: Map<string, Float32Array>; stats: { layer: string; mean: Float32Array; variance: Float32Array; count: number }[]; loss: number; correct: number; size: number }[] = [];
    let start = 0;
    for (const size of sizes) {
      const x = tf.tensor4d(batch.images.slice(start * perImage, (start + size) * perImage), [size, SIDE, SIDE, 1]);
      const y = tf.tensor1d(batch.labels.slice(start, start + size), 'int32');
      const step = computeGradients(graph, x, y, CLASSES);
      slices.push({
        grads: new Map(variables.map((v) => [v.name, (step.grads[v.name].dataSync() as Float32Array).slice()])),
        stats: step.batchStats.map((s) => ({ layer: s.layer, mean: (s.mean.dataSync() as Float32Array).slice(), variance: (s.variance.dataSync() as Float32Array).slice(), count: s.count })),
        loss: step.loss.dataSync()[0],
        correct: step.correct.dataSync()[0],
        size,
      });
      tf.dispose([x, y, step.loss, step.correct, ...Object.values(step.grads), ...step.batchStats.flatMap((s) => [s.mean, s.variance])]);
      start += size;
    }
    const grads: tf.NamedTensorMap = {};
    for (const v of variables) {
      const averaged = new Float32Array(v.size);
      for (let j = 0; j < v.size; j++) {
        let sum = 0; // float64
        for (const s of slices) sum += (s.size / n) * s.grads.get(v.name)![j];
        averaged[j] = sum;
      }
      grads[v.name] = tf.tensor(averaged, v.shape);
    }
    optimizer.step(grads, lrs[b]);
    tf.dispose(Object.values(grads));
    const pooled = slices[0].stats.map((first, l) => {
      const total = slices.reduce((t, s) => t + s.stats[l].count, 0);
      const mean = new Float32Array(first.mean.length);
      const variance = new Float32Array(first.mean.length);
      for (let k = 0; k < mean.length; k++) {
        let m = 0;
        for (const s of slices) m += (s.stats[l].count / total) * s.stats[l].mean[k];
        let v = 0;
        for (const s of slices) v += (s.stats[l].count / total) * (s.stats[l].variance[k] + (s.stats[l].mean[k] - m) ** 2);
        mean[k] = m;
        variance[k] = v;
      }
      return { layer: first.layer, mean: tf.tensor1d(mean), variance: tf.tensor1d(variance), count: total };
    });
    updateRunningStats(graph, pooled);
    tf.dispose(pooled.flatMap((p) => [p.mean, p.variance]));
    results.push({ loss: slices.reduce((t, s) => t + (s.size / n) * s.loss, 0), correct: slices.reduce((t, s) => t + s.correct, 0) });
  });
  optimizer.dispose();
  return { weights: model.getWeights().map((t) => (t.dataSync() as Float32Array).slice()), results };
}

const sha256 = (weights: Float32Array[]) => {
  const hash = createHash('sha256');
  for (const w of weights) hash.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  return hash.digest('hex');
};

describe('ParallelTrainer on two workers', () => {
  // odd sizes (slices 9 + 8, 3 + 2), and a batch of one image (one worker has no slice but applies the update)
  const batches = [toyBatch(17, 1), toyBatch(17, 2), toyBatch(1, 3), toyBatch(5, 4), toyBatch(16, 5)];
  const lrs = [1e-2, 8e-3, 6e-3, 4e-3, 2e-3];
  const configs: [string, OptimizerConfig][] = [
    ['adam', { optimizer: 'adam', momentum: 0, weightDecay: 0 }],
    ['sgd with momentum and weight decay', { optimizer: 'sgd', momentum: 0.9, weightDecay: 5e-4 }],
  ];

  for (const [name, optimizer] of configs) {
    it(`gives bit-identical weights, BatchNorm running statistics and optimizer state on both replicas to the two-slice step written out in one thread (${name})`, async () => {
      const trainer = await ParallelTrainer.create(pool, { ...modelPayload(smallResNet(21)), optimizer, classes: CLASSES });
      const results: { loss: number; correct: number }[] = [];
      try {
        for (const [i, b] of batches.entries()) results.push(await trainer.step(b.images, b.labels, b.shape, lrs[i]));
        const [first, second] = [await trainer.getWeights(0), await trainer.getWeights(1)];
        const reference = trainTwoSlicesInProcess(smallResNet(21), optimizer, batches, lrs);
        expect(sha256(first)).toBe(sha256(reference.weights));
        expect(sha256(second)).toBe(sha256(reference.weights));
        expect(results).toEqual(reference.results);
        const state = await trainer.getOptimizerState();
        expect(state.iterations).toBe(batches.length);
      } finally {
        await trainer.dispose();
      }
    });
  }

  it('leaves no tensors behind on the workers', async () => {
    const count = async () => (await Promise.all([0, 1].map((w) => pool.request(w, 'usage', {})))).map((m) => m.numTensors);
    const before = await count();
    const trainer = await ParallelTrainer.create(pool, { ...modelPayload(smallResNet(22)), optimizer: configs[0][1], classes: CLASSES });
    for (const b of batches) await trainer.step(b.images, b.labels, b.shape, 1e-3);
    await trainer.dispose();
    expect(await count()).toEqual(before);
  });
});
