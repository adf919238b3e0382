import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modelOnThisThread } from '../../../src/explain/quality/perturbationModels.js';
import { mapsAtInputResolution } from '../../../src/explain/quality/mapsAtInputResolution.js';
import { plantedMaskMaps } from '../../../src/explain/quality/plantedMaskMaps.js';
import { randomMaps } from '../../../src/explain/quality/randomMaps.js';
import { deletionCurves } from '../../../src/explain/quality/deletionInsertion.js';
import type { PlantedSample } from '../../../src/data/plantDataset.js';

describe('maps for the removal metrics', () => {
  it('upsamples like tf.image.resizeBilinear with half-pixel centres', () => {
    const maps = Float32Array.from({ length: 2 * 3 * 3 }, (_, i) => (i * 7) % 5 - 1);
    const up = mapsAtInputResolution(maps, { n: 2, height: 3, width: 3 }, 7, 8);
    const reference = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(maps, [2, 3, 3, 1]), [7, 8], false, true).dataSync());
    expect(up.length).toBe(2 * 7 * 8);
    up.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 5));
    expect(Array.from(mapsAtInputResolution(maps, { n: 2, height: 3, width: 3 }, 3, 3))).toEqual(Array.from(maps));
    expect(() => mapsAtInputResolution(maps, { n: 3, height: 3, width: 3 }, 7, 8)).toThrow(RangeError);
  });

  it('draws seeded uniform random maps', () => {
    const a = randomMaps(2, 4, 4, 9);
    expect(a.length).toBe(32);
    expect(Array.from(randomMaps(2, 4, 4, 9))).toEqual(Array.from(a));
    expect(Array.from(randomMaps(2, 4, 4, 10))).not.toEqual(Array.from(a));
    for (const v of a) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThan(1); }
    expect(new Set(a).size).toBe(32);
  });

  it('gives the planted boxes as oracle maps for the sampled images that have one', () => {
    const record = (sample: number, mask: PlantedSample['mask'], split: PlantedSample['split'] = 'train'): PlantedSample =>
      ({ split, sample, plant: 0, kind: mask ? 'shortcut' : 'label-flip', originalLabel: 0, givenLabel: 0, mask });
    const planted = [record(5, { x: 1, y: 0, width: 2, height: 2 }), record(7, null), record(3, { x: 0, y: 3, width: 1, height: 1 }), record(3, { x: 3, y: 3, width: 1, height: 1 }), record(2, { x: 0, y: 0, width: 4, height: 4 }, 'test')];
    const { maps, positions } = plantedMaskMaps(planted, 'train', new Int32Array([2, 3, 5, 7]), 4, 4);
    expect(Array.from(positions)).toEqual([1, 2]);
    expect(Array.from(maps)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, // sample 3: two 1-pixel boxes in the bottom row
      0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, // sample 5: a 2x2 box at x 1
    ]);
  });

  it('scores the planted box (oracle) above a random map for a model that reads only the box', async () => {
    // class-0 logit 3 * sum of the 2x2 box at x 1, y 0 of a 4x4 image; class 1 logit 0
    const logits = (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => {
      const box = tf.sum(tf.slice(x, [0, 0, 1, 0], [-1, 2, 2, 1]), [1, 2, 3]).mul(3);
      return tf.stack([box, tf.zerosLike(box)], 1) as tf.Tensor2D;
    });
    const images = { data: new Float32Array(3 * 16).fill(1), n: 3, height: 4, width: 4, channels: 1 };
    const oracle = plantedMaskMaps([0, 1, 2].map((sample) => ({ split: 'train' as const, sample, plant: 0, kind: 'shortcut' as const, originalLabel: 0, givenLabel: 0, mask: { x: 1, y: 0, width: 2, height: 2 } })), 'train', new Int32Array([0, 1, 2]), 4, 4);
    const targets = new Int32Array([0, 0, 0]);
    const best = await deletionCurves({ model: modelOnThisThread(logits), images, maps: oracle.maps, targets, steps: 4 });
    const random = await deletionCurves({ model: modelOnThisThread(logits), images, maps: randomMaps(3, 4, 4, 1), targets, steps: 4 });
    // oracle: the box is gone after the first step (4 of 16 pixels): curve [s(12), 0.5, 0.5, 0.5, 0.5]
    const s12 = 1 / (1 + Math.exp(-12));
    expect(best.auc[0]).toBeCloseTo(((s12 + 0.5) / 2 + 1.5) / 4, 6);
    for (let i = 0; i < 3; i++) expect(best.auc[i]).toBeLessThanOrEqual(random.auc[i]);
    expect(best.auc.reduce((s, v) => s + v, 0)).toBeLessThan(random.auc.reduce((s, v) => s + v, 0));
  });
});
