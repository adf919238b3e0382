import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modelOnThisThread } from '../../../src/explain/quality/perturbationModels.js';
import { roadCurves } from '../../../src/explain/quality/roadCurves.js';

// Class-0 logit 4 * x[0,0], class-1 logit 0; the class-1 logit 0.
const logits = (x: tf.Tensor4D): tf.Tensor2D =>
  tf.tidy(() => {
    const v = tf.slice(x, [0, 0, 0, 0], [-1, 1, 1, 1]).reshape([-1]).mul(4);
    return tf.stack([v, tf.zerosLike(v)], 1) as tf.Tensor2D;
  });

describe('roadCurves', () => {
  it('imputes a removed pixel from its neighbours, so removal of a flat image changes nothing (no shape leaks)', async () => {
    const images = { data: new Float32Array(9).fill(1), n: 1, height: 3, width: 3, channels: 1 };
    const maps = Float32Array.from({ length: 9 }, (_, i) => 9 - i);
    const road = await roadCurves({ model: modelOnThisThread(logits), images, maps, targets: new Int32Array([0]), steps: 3, order: 'morf', noiseStd: 0, seed: 5 });
    const p = 1 / (1 + Math.exp(-4));
    // pixel 0 is removed first (MoRF) and imputed as 1 from its all-ones neighbours: the model sees no change
    expect(road.curves.length).toBe(2);
    for (const value of road.curves) expect(value).toBeCloseTo(p, 5);
    expect(road.mean[0]).toBeCloseTo(p, 5);
  });
  it('same seed, same bits; refuses steps < 2', async () => {
    const images = { data: Float32Array.from({ length: 18 }, (_, i) => (i % 5) / 5), n: 2, height: 3, width: 3, channels: 1 };
    const maps = Float32Array.from({ length: 18 }, (_, i) => i % 7);
    const run = async () => (await roadCurves({ model: modelOnThisThread(logits), images, maps, targets: new Int32Array([0, 1]), steps: 4, order: 'lerf', seed: 9, batchSize: 2 })).curves;
    expect(Array.from(await run())).toEqual(Array.from(await run()));
    await expect(roadCurves({ model: modelOnThisThread(logits), images, maps, targets: new Int32Array([0, 1]), steps: 1, order: 'morf', seed: 9 })).rejects.toThrow(/steps must be an integer >= 2, got 1/);
  });
});
