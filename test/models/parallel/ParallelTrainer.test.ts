import * as tf from '@tensorflow/tfjs';
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
let onePool: WorkerPool;
let twoPool: WorkerPool;

beforeAll(async () => {
  await selectBackend('wasm');
  [onePool, twoPool] = await Promise.all([WorkerPool.create({ workers: 1 }), WorkerPool.create({ workers: 2 })]);
});

afterAll(async () => {
  await Promise.all([onePool?.close(), twoPool?.close()]);
});

const smallResNet = (seed: number) => buildResNet({ arch: 'resnet8', inputShape: [SIDE, SIDE, 1], classes: CLASSES, width: 0.5, seed });

/** A learnable toy task: class c lights up quadrant c, on top of noise. */
function toyBatch(size: number, seed: number): { images: Float32Array; labels: Int32Array; shape: [number, number, number, number] } {
  return tf.tidy(() => {
    const labels = Int32Array.from({ length: size }, (_, i) => (i * 5 + seed) % CLASSES);
    const images = tf.randomNormal([size, SIDE, SIDE, 1], 0, 0.5, 'float32', seed).dataSync() as Float32Array;
    const half = SIDE / 2;
    labels.forEach((c, n) => {
      const [r0, c0] = [Math.floor(c / 2) * half, (c % 2) * half];
      for (let r = r0; r < r0 + half; r++) for (let k = c0; k < c0 + half; k++) images[(n * SIDE + r) * SIDE + k] += 2;
    });
    return { images, labels, shape: [size, SIDE, SIDE, 1] };
  });
}

/** The in-process reference: trainModel's own step (computeGradients, TrainingOptimizer, running stats). */
function trainInProcess(model: tf.LayersModel, optimizerConfig: OptimizerConfig, batches: ReturnType<typeof toyBatch>[], lrs: number[]): Float32Array[] {
  const graph = ModelGraph.fromModel(model);
  const optimizer = TrainingOptimizer.create(model, optimizerConfig);
  batches.forEach((batch, i) => {
    const x = tf.tensor4d(batch.images, batch.shape);
    const y = tf.tensor1d(batch.labels, 'int32');
    const step = computeGradients(graph, x, y, CLASSES);
    optimizer.step(step.grads, lrs[i]);
    updateRunningStats(graph, step.batchStats);
    tf.dispose([x, y, step.loss, step.correct, ...Object.values(step.grads), ...step.batchStats.flatMap((s) => [s.mean, s.variance])]);
  });
  optimizer.dispose();
  return model.getWeights().map((t) => t.dataSync() as Float32Array);
}

const adam: OptimizerConfig = { optimizer: 'adam', momentum: 0, weightDecay: 0 };

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
  return worst;
}

describe('ParallelTrainer', () => {
  const batches = [toyBatch(12, 1), toyBatch(12, 2), toyBatch(12, 3)];

  // One worker runs the same optimizer on the same numbers (a weight-1 average and pooled statistics of
  // one slice are exact), so its weights and optimizer state equal the in-process loop's bit for bit.
  it('with one worker, gives bit-identical weights to the in-process loop (adam)', async () => {
    const lrs = [1e-2, 5e-3, 2e-3];
    const trainer = await ParallelTrainer.create(onePool, { ...modelPayload(smallResNet(11)), optimizer: adam, classes: CLASSES });
    for (const [i, b] of batches.entries()) await trainer.step(b.images, b.labels, b.shape, lrs[i]);
    const parallel = await trainer.getWeights();
    await trainer.dispose();
    expect(maxDifference(parallel, trainInProcess(smallResNet(11), adam, batches, lrs))).toBe(0);
  });

  it('with one worker, gives bit-identical weights to the in-process loop (sgd, momentum, weight decay)', async () => {
    const sgd: OptimizerConfig = { optimizer: 'sgd', momentum: 0.9, weightDecay: 5e-4 };
    const lrs = [0.05, 0.05, 0.01];
    const trainer = await ParallelTrainer.create(onePool, { ...modelPayload(smallResNet(12)), optimizer: sgd, classes: CLASSES });
    for (const [i, b] of batches.entries()) await trainer.step(b.images, b.labels, b.shape, lrs[i]);
    const parallel = await trainer.getWeights();
    await trainer.dispose();
    expect(maxDifference(parallel, trainInProcess(smallResNet(12), sgd, batches, lrs))).toBe(0);
  });

  it('carries TrainingOptimizer\'s state: step count and slots, in and out', async () => {
    const model = smallResNet(17);
    const trainer = await ParallelTrainer.create(onePool, { ...modelPayload(model), optimizer: adam, classes: CLASSES });
    const local = TrainingOptimizer.create(model, adam);
    try {
      for (const b of batches.slice(0, 2)) await trainer.step(b.images, b.labels, b.shape, 1e-2);
      const state = await trainer.getOptimizerState();
      expect(state.kind).toBe('adam');
      expect(state.iterations).toBe(2);
      expect(state.slots.map((s) => s.length)).toEqual(local.slotEntries.map((e) => e.shape.reduce((a, b) => a * b, 1)));
      local.restore(state, 'test'); // what a checkpoint written from the replicas holds
      const sent = await local.snapshot();
      await trainer.setOptimizerState({ ...sent, iterations: 7 });
      const back = await trainer.getOptimizerState();
      expect(back.iterations).toBe(7);
      expect(back.slots).toEqual(sent.slots);
    } finally {
      local.dispose();
      model.dispose();
      await trainer.dispose();
    }
  });

  it('with two workers, lowers the loss and keeps the replicas bit-identical', async () => {
    const trainer = await ParallelTrainer.create(twoPool, { ...modelPayload(smallResNet(13)), optimizer: adam, classes: CLASSES });
    const losses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const b = toyBatch(17, 100 + i); // odd: slices of 9 and 8
      losses.push((await trainer.step(b.images, b.labels, b.shape, 1e-2)).loss);
    }
    const [first, second] = [await trainer.getWeights(0), await trainer.getWeights(1)];
    await trainer.dispose();
    expect(losses.slice(-3).reduce((a, b) => a + b) / 3).toBeLessThan(0.6 * losses[0]);
    expect(maxDifference(first, second)).toBe(0);
  });

  it('with two workers and no BatchNorm, equals one in-process step on the whole batch', async () => {
    // Without BatchNorm nothing depends on how the batch is split, so the size-weighted average must
    // reproduce the whole batch's gradient (odd batch: slices of 9 and 8).
    const plainNet = () => {
      const input = tf.input({ shape: [SIDE, SIDE, 1] });
      const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 5 }), name: 'conv' }).apply(input) as tf.SymbolicTensor;
      const pool = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor;
      const logits = tf.layers.dense({ units: CLASSES, kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }), name: 'logits' }).apply(pool) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: logits });
    };
    const sgd: OptimizerConfig = { optimizer: 'sgd', momentum: 0.9, weightDecay: 0 };
    const odd = [toyBatch(17, 4), toyBatch(17, 5)];
    const trainer = await ParallelTrainer.create(twoPool, { ...modelPayload(plainNet()), optimizer: sgd, classes: CLASSES });
    for (const b of odd) await trainer.step(b.images, b.labels, b.shape, 0.1);
    const parallel = await trainer.getWeights();
    await trainer.dispose();
    expect(maxDifference(parallel, trainInProcess(plainNet(), sgd, odd, [0.1, 0.1]))).toBeLessThan(1e-5);
  });

  it('resumes from its weights and optimizer state exactly where it left off', async () => {
    const options = { ...modelPayload(smallResNet(14)), optimizer: adam, classes: CLASSES };
    const original = await ParallelTrainer.create(twoPool, options);
    const resumed = await ParallelTrainer.create(twoPool, options);
    try {
      for (const b of batches.slice(0, 2)) await original.step(b.images, b.labels, b.shape, 1e-2);
      await resumed.setWeights(await original.getWeights());
      await resumed.setOptimizerState(await original.getOptimizerState());
      const last = batches[2];
      await original.step(last.images, last.labels, last.shape, 1e-2);
      await resumed.step(last.images, last.labels, last.shape, 1e-2);
      expect(maxDifference(await resumed.getWeights(), await original.getWeights())).toBe(0);
    } finally {
      await Promise.all([original.dispose(), resumed.dispose()]);
    }
  });

  it('rejects bad input in the main thread and bad state with the worker\'s message', async () => {
    const trainer = await ParallelTrainer.create(twoPool, { ...modelPayload(smallResNet(16)), optimizer: adam, classes: CLASSES });
    try {
      const b = batches[0];
      await expect(trainer.step(b.images, b.labels.subarray(1), b.shape, 1e-3)).rejects.toThrow(/11 labels for 12 images/);
      await expect(trainer.setOptimizerState({ kind: 'sgd', iterations: 0, slots: [] })).rejects.toThrow(/optimizer state is 'sgd' with 0 slots; this run uses 'adam'/);
      await expect(trainer.step(b.images, b.labels, b.shape, 1e-3)).resolves.toHaveProperty('loss');
    } finally {
      await trainer.dispose();
    }
  });

  it('exchanges gradients only through shared arrays of the replica\'s length, set up before the first step', async () => {
    const key = 'test:unshared';
    const payload = modelPayload(smallResNet(17));
    await onePool.request(0, 'loadModel', { key, ...payload });
    try {
      const { gradientLength } = await onePool.request(0, 'trainInit', { key, optimizer: adam, classes: CLASSES });
      const b = batches[0];
      await expect(onePool.request(0, 'trainGradients', { key, images: b.images.slice(), labels: b.labels.slice(), shape: [...b.shape] })).rejects.toThrow(/no gradient exchange yet; send 'trainShare'/);
      const shared = new Float32Array(new SharedArrayBuffer(8 * gradientLength));
      await expect(onePool.request(0, 'trainShare', { key, slot: shared.subarray(1, gradientLength), average: shared.subarray(gradientLength) }))
        .rejects.toThrow(new RegExp(`slot of ${gradientLength - 1} and an average of ${gradientLength} values; this replica has ${gradientLength}`));
      // the worker writes its gradient into the slot the main thread sees
      await onePool.request(0, 'trainShare', { key, slot: shared.subarray(0, gradientLength), average: shared.subarray(gradientLength) });
      await onePool.request(0, 'trainGradients', { key, images: b.images.slice(), labels: b.labels.slice(), shape: [...b.shape] });
      const slot = shared.subarray(0, gradientLength);
      expect(slot.some((v) => v !== 0)).toBe(true);
      expect(slot.every(Number.isFinite)).toBe(true);
    } finally {
      await onePool.request(0, 'dropModel', { key });
    }
  });

  it('does not grow the tensors held by the workers over steps', async () => {
    const trainer = await ParallelTrainer.create(twoPool, { ...modelPayload(smallResNet(15)), optimizer: { optimizer: 'sgd', momentum: 0.9, weightDecay: 0 }, classes: CLASSES });
    const b = batches[0];
    const count = async () => (await Promise.all([0, 1].map((w) => twoPool.request(w, 'usage', {})))).map((m) => m.numTensors);
    await trainer.step(b.images, b.labels, b.shape, 0.01);
    await trainer.getWeights();
    const before = await count();
    for (let i = 0; i < 3; i++) await trainer.step(b.images, b.labels, b.shape, 0.01);
    await trainer.getWeights();
    expect(await count()).toEqual(before);
    await trainer.dispose();
  });
});
