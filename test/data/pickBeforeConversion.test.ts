import { describe, expect, it } from 'vitest';
import { derivedSeed } from '../../src/util/derivedSeed.js';
import { loadDataset } from '../../src/data/loadDataset.js';
import { prepareDatasets } from '../../src/data/prepareDatasets.js';
import { subsetDataset } from '../../src/data/subsetDataset.js';
import { configSchema } from '../../src/config/configSchema.js';
import type { Dataset } from '../../src/data/Dataset.js';
import { expectI2xError } from './fixtures/expectI2xError.js';

/*
 * prepareDatasets picks a subset's samples from the labels before converting any pixel (readIdxDataset's
 * pick). The reference is the slow path it replaced: the whole split loaded, then subsetDataset.
 */
const same = (got: Dataset, want: Dataset): void => {
  expect(got.count).toBe(want.count);
  expect(Array.from(got.sourceIndex)).toEqual(Array.from(want.sourceIndex));
  expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
  expect(Buffer.from(got.images.buffer, got.images.byteOffset, got.images.byteLength).equals(Buffer.from(want.images.buffer, want.images.byteOffset, want.images.byteLength))).toBe(true);
  expect([got.name, got.split, got.height, got.width, got.channels]).toEqual([want.name, want.split, want.height, want.width, want.channels]);
};

describe('a subset picked before the pixels are converted', () => {
  const wholeTrain = loadDataset({ name: 'mnist', split: 'train' });
  const wholeTest = loadDataset({ name: 'mnist', split: 'test' });

  it.each([3, 11])('is the whole split through subsetDataset, bit for bit (perClass 7 and first 50, seed %i)', (seed) => {
    const data = configSchema.parse({ data: { trainSubset: { perClass: 7 }, testSubset: { first: 50 }, valFraction: 0 } }).data;
    const prepared = prepareDatasets(data, seed);
    same(prepared.train, subsetDataset(wholeTrain, { perClass: 7, seed: derivedSeed(seed, 'subset/train', 0) }));
    same(prepared.test, subsetDataset(wholeTest, { first: 50 }));
    expect(prepared.train.sourceIndex.some((i, k) => i !== k)).toBe(true);
  });

  it('refuses a subset larger than the split with the message of subsetDataset', () => {
    const data = configSchema.parse({ data: { testSubset: { first: 10_001 } } }).data;
    expectI2xError(() => prepareDatasets(data, 1), 'E_CONFIG', 'subset first: 10001 is not accepted for mnist/test; expected an integer in 0..10000');
  });
});
