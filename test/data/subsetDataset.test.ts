import { describe, expect, it } from 'vitest';
import { subsetDataset } from '../../src/data/subsetDataset.js';
import { expectI2xError } from './fixtures/expectI2xError.js';
import { syntheticDataset } from './fixtures/syntheticDataset.js';

// 60 samples, 3 classes of unequal size (labels 0:30, 1:20, 2:10), interleaved.
const LABELS = Array.from({ length: 60 }, (_, i) => (i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2));
const source = syntheticDataset(LABELS, 3);

const perClassCounts = (labels: Int32Array): number[] => {
  const counts = [0, 0, 0];
  for (const l of labels) counts[l]++;
  return counts;
};

describe('subsetDataset', () => {
  it('takes the first n samples with their pixels, labels and source indices', () => {
    const sub = subsetDataset(source, { first: 5 });
    expect(sub.count).toBe(5);
    expect(Array.from(sub.labels)).toEqual(LABELS.slice(0, 5));
    expect(Array.from(sub.sourceIndex)).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect(Array.from(sub.images)).toEqual(Array.from(source.images.subarray(0, 5 * 4)));
    expect(sub.split).toBe('train');
  });

  it('takes exactly n per class, the same for the same seed and another for another seed', () => {
    const a = subsetDataset(source, { perClass: 4, seed: 1 });
    const again = subsetDataset(source, { perClass: 4, seed: 1 });
    const other = subsetDataset(source, { perClass: 4, seed: 2 });
    expect(a.count).toBe(12);
    expect(perClassCounts(a.labels)).toEqual([4, 4, 4]);
    expect(perClassCounts(other.labels)).toEqual([4, 4, 4]);
    expect(Array.from(again.sourceIndex)).toEqual(Array.from(a.sourceIndex));
    expect(Array.from(other.sourceIndex)).not.toEqual(Array.from(a.sourceIndex));
    // Kept in source order, no repeats, and each sample carries its own pixels and label.
    const idx = Array.from(a.sourceIndex, (s) => s - 1000);
    expect(idx).toEqual([...new Set(idx)].sort((x, y) => x - y));
    idx.forEach((i, k) => {
      expect(a.labels[k]).toBe(LABELS[i]);
      expect(a.images[k * 4]).toBe(source.images[i * 4]);
    });
  });

  it('keeps chaining sourceIndex back to the original file', () => {
    const sub = subsetDataset(subsetDataset(source, { perClass: 5, seed: 3 }), { first: 2 });
    expect(Array.from(sub.labels)).toEqual(Array.from(sub.sourceIndex, (s) => LABELS[s - 1000]));
  });

  it('refuses more than a class holds, or more than the dataset holds', () => {
    expectI2xError(() => subsetDataset(source, { perClass: 11, seed: 1 }), 'E_CONFIG', 'class 2', '10 samples');
    expectI2xError(() => subsetDataset(source, { first: 61 }), 'E_CONFIG', '0..60');
  });
});
