import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modelOnThisThread } from '../../../src/explain/quality/perturbationModels.js';
import { deletionCurves, insertionCurves } from '../../../src/explain/quality/deletionInsertion.js';
import { trapezoidAuc } from '../../../src/explain/quality/pixelOrder.js';

// A model whose class-0 logit is 2 * (x[0,0] + x[0,1]) and class-1 logit 0: only pixels 0 and 1 matter.
const logits = (x: tf.Tensor4D): tf.Tensor2D =>
  tf.tidy(() => {
    const region = tf.sum(tf.slice(x, [0, 0, 0, 0], [-1, 1, 2, 1]), [1, 2, 3]).mul(2);
    return tf.stack([region, tf.zerosLike(region)], 1) as tf.Tensor2D;
  });
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const images = { data: new Float32Array(32).fill(1), n: 2, height: 4, width: 4, channels: 1 };
const covering = Float32Array.from({ length: 16 }, (_, i) => (i < 2 ? 1 : 0)); // the region first
const missing = Float32Array.from({ length: 16 }, (_, i) => i); // the region last
const maps = new Float32Array([...covering, ...missing]);
const targets = new Int32Array([0, 0]);
const p4 = sigmoid(4);

describe('deletion and insertion', () => {
  it('follow the hand-computed curves of a model that reads only a known region', async () => {
    // 4 steps of 4 pixels. Covering map: region gone after step 1. Other map: region gone only at step 4.
    const deletion = await deletionCurves({ model: modelOnThisThread(logits), images, maps, targets, steps: 4, batchSize: 3 });
    expect(Array.from(deletion.curves)).toEqual([p4, 0.5, 0.5, 0.5, 0.5, p4, p4, p4, p4, 0.5].map((v) => Math.fround(v)));
    expect(deletion.auc[0]).toBeCloseTo(((p4 + 0.5) / 2 + 1.5) / 4, 6);
    expect(deletion.auc[1]).toBeCloseTo((3 * p4 + (p4 + 0.5) / 2) / 4, 6);
    expect(deletion.auc[0]).toBeLessThan(deletion.auc[1]);
    const insertion = await insertionCurves({ model: modelOnThisThread(logits), images, maps, targets, steps: 4, insertionStart: 'baseline', batchSize: 4 });
    expect(Array.from(insertion.curves)).toEqual([0.5, p4, p4, p4, p4, 0.5, 0.5, 0.5, 0.5, p4].map((v) => Math.fround(v)));
    expect(insertion.auc[0]).toBeGreaterThan(insertion.auc[1]);
    expect(insertion.auc[0]).toBeCloseTo(trapezoidAuc([0.5, p4, p4, p4, p4]), 6);
  });
  it('gives the same curves whatever the batch size, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await deletionCurves({ model: modelOnThisThread(logits), images, maps, targets, steps: 4, batchSize: 1 });
    const b = await insertionCurves({ model: modelOnThisThread(logits), images, maps, targets, steps: 4, batchSize: 100 });
    const c = await insertionCurves({ model: modelOnThisThread(logits), images, maps, targets, steps: 4, batchSize: 7 });
    expect(Array.from(b.curves)).toEqual(Array.from(c.curves));
    expect(a.curves.length).toBe(10);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('refuses a step count of 0', async () => {
    await expect(deletionCurves({ model: modelOnThisThread(logits), images, maps, targets, steps: 0 })).rejects.toThrow(/steps must be an integer >= 1, got 0/);
  });
});
