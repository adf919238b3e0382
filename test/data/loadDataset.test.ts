import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetSpec } from '../../src/data/DatasetSpec.js';
import { datasetInfo } from '../../src/data/datasetInfo.js';
import { loadDataset } from '../../src/data/loadDataset.js';
import { expectI2xError } from './fixtures/expectI2xError.js';
import { useTempDir } from './fixtures/useTempDir.js';
import { writeIdx } from './fixtures/writeIdx.js';

const tempDir = useTempDir();

describe('loadDataset spec checks', () => {
  it('needs a path for cifar10 and idx', () => {
    expectI2xError(() => loadDataset({ name: 'cifar10', split: 'train' }), 'E_CONFIG', 'cifar10', 'path');
    expectI2xError(() => loadDataset({ name: 'idx', split: 'test' }), 'E_CONFIG', 'idx', 'path');
  });

  it('rejects unknown names and splits', () => {
    const badName = { name: 'svhn', split: 'train' } as unknown as DatasetSpec;
    expectI2xError(() => loadDataset(badName), 'E_CONFIG', 'svhn', 'mnist, fashion-mnist, cifar10, idx');
    const badSplit = { name: 'mnist', split: 'val' } as unknown as DatasetSpec;
    expectI2xError(() => loadDataset(badSplit), 'E_CONFIG', "'val'", "'train' or 'test'");
  });

  it('accepts classNames / normalization only for idx', () => {
    expectI2xError(() => loadDataset({ name: 'mnist', split: 'test', classNames: ['a'] }), 'E_CONFIG', 'mnist');
  });

  it('says where Fashion-MNIST is expected when its files are missing', () => {
    const dir = tempDir();
    expectI2xError(() => loadDataset({ name: 'fashion-mnist', path: dir, split: 'test' }), 'E_DATA',
      dir, 't10k-images-idx3-ubyte', 't10k-images-idx3-ubyte.gz', 'dataset-fashion-mnist');
  });

  it('checks MNIST-sized images for a named dataset', () => {
    const dir = tempDir();
    writeIdx(join(dir, 't10k-images-idx3-ubyte'), [1, 2, 2], [1, 2, 3, 4]);
    writeIdx(join(dir, 't10k-labels-idx1-ubyte'), [1], [0]);
    expectI2xError(() => loadDataset({ name: 'mnist', path: dir, split: 'test' }), 'E_DATA',
      't10k-images-idx3-ubyte', '2 x 2', '28 x 28');
    expect(loadDataset({ name: 'idx', path: dir, split: 'test' }).count).toBe(1);
  });
});

describe('datasetInfo', () => {
  it('has the class names and normalisation of each dataset', () => {
    expect(datasetInfo('mnist').classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(datasetInfo('fashion-mnist').classNames).toEqual([
      'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
    ]);
    expect(datasetInfo('cifar10').classNames).toHaveLength(10);
    expect(datasetInfo('mnist').normalization).toEqual({ mean: [0.1307], std: [0.3081] });
    expect(datasetInfo('fashion-mnist').normalization).toEqual({ mean: [0.286], std: [0.353] });
    expect(datasetInfo('cifar10').normalization).toEqual({
      mean: [0.4914, 0.4822, 0.4465],
      std: [0.247, 0.2435, 0.2616],
    });
  });
});
