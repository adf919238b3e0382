import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import { evaluateModel } from '../../src/models/evaluateModel.js';
import { WorkerPool } from '../../src/models/parallel/WorkerPool.js';
import { toyDataset } from './fixtures/toyDataset.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
// resnet8's 3x3 16->16, 32->32 and 64->64 convolutions are the ones inference runs by Winograd on wasm.
const ds = toyDataset(40, 8, 'test');
let pool: WorkerPool;
let model: tf.LayersModel;

beforeAll(async () => {
  await selectBackend('wasm');
  pool = await WorkerPool.create({ workers: 2, backend: 'wasm' });
  model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 2, seed: 7 });
});

afterAll(async () => {
  model?.dispose();
  await pool?.close();
});

const differing = (a: Float32Array, b: Float32Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

describe('evaluateModel: the direct convolution unless asked for winograd (what training and fine-tuning store)', () => {
  it('runs the direct convolution, in this thread and on workers, where inference otherwise takes Winograd', async () => {
    const before = tf.memory().numTensors;
    const direct = await evaluateModel(model, ds, 16, { logits: true });
    const winograd = await evaluateModel(model, ds, 16, { logits: true, winograd: true });
    // the two kernels round differently: some logits differ in their last bits, none by more than that
    expect(differing(direct.logits!, winograd.logits!)).toBeGreaterThan(0);
    direct.logits!.forEach((v, i) => expect(Math.abs(v - winograd.logits![i])).toBeLessThan(1e-4 * (1 + Math.abs(v))));
    // the flag reaches the workers: each pooled evaluation has exactly the bits of its one-thread counterpart
    const pooledDirect = await evaluateModel(model, ds, 16, { logits: true, pool });
    const pooledWinograd = await evaluateModel(model, ds, 16, { logits: true, winograd: true, pool });
    expect(differing(pooledDirect.logits!, direct.logits!)).toBe(0);
    expect(differing(pooledWinograd.logits!, winograd.logits!)).toBe(0);
    expect(pooledDirect.loss).toBe(direct.loss);
    expect(tf.memory().numTensors).toBe(before);
  });
});
