import { describe, expect, it } from 'vitest';
import { makeBatch } from '../../src/data/makeBatch.js';
import { expectI2xError } from './fixtures/expectI2xError.js';
import { syntheticDataset } from './fixtures/syntheticDataset.js';

/** The obvious version: (x - mean[c]) / std[c], value by value. */
function slowBatch(ds: ReturnType<typeof syntheticDataset>, indices: number[]): number[] {
  const out: number[] = [];
  const size = ds.height * ds.width * ds.channels;
  for (const i of indices) {
    for (let p = 0; p < size; p++) {
      const c = p % ds.channels;
      out.push((ds.images[i * size + p] - ds.normalization.mean[c]) / ds.normalization.std[c]);
    }
  }
  return out;
}

describe('makeBatch', () => {
  it('normalises one-channel images per the dataset and gathers labels', () => {
    const ds = syntheticDataset([0, 1, 2, 1], 3);
    const batch = makeBatch(ds, Int32Array.from([3, 0]));
    expect(batch.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(batch.labels)).toEqual([1, 0]);
    // Sample 0 is all 0 -> (0 - 0.5) / 0.25 = -2.
    expect(Array.from(batch.images.subarray(4))).toEqual([-2, -2, -2, -2]);
    slowBatch(ds, [3, 0]).forEach((v, k) => expect(batch.images[k]).toBeCloseTo(v, 5));
  });

  it('uses each channel its own mean and std', () => {
    const ds = { ...syntheticDataset([0, 1], 2, 3), normalization: { mean: [0.1, 0.2, 0.3], std: [0.5, 0.25, 2] } };
    const images = Float32Array.from({ length: 2 * 12 }, (_, k) => (k * 7) % 11 / 10);
    const withPixels = { ...ds, images };
    const batch = makeBatch(withPixels, Int32Array.from([1, 0, 1]));
    expect(batch.shape).toEqual([3, 2, 2, 3]);
    expect(batch.images[0]).toBeCloseTo((images[12] - 0.1) / 0.5, 6);
    expect(batch.images[2]).toBeCloseTo((images[14] - 0.3) / 2, 6);
    slowBatch(withPixels, [1, 0, 1]).forEach((v, k) => expect(batch.images[k]).toBeCloseTo(v, 5));
  });

  it('refuses indices out of range', () => {
    const ds = syntheticDataset([0, 1], 2);
    expectI2xError(() => makeBatch(ds, Int32Array.from([2])), 'E_DATA', 'synthetic', '0..1');
  });
});
