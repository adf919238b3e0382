import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/loadDataset.js';

const DIR = '/usr/share/datasets/fashion-mnist';
const installed = existsSync(`${DIR}/t10k-labels-idx1-ubyte.gz`) || existsSync(`${DIR}/t10k-labels-idx1-ubyte`);

// Needs Debian's dataset-fashion-mnist (gzipped IDX files); skipped where it is not installed.
describe.skipIf(!installed)('Fashion-MNIST from /usr/share/datasets/fashion-mnist', () => {
  it('loads the gzipped test split with its class names', () => {
    const ds = loadDataset({ name: 'fashion-mnist', split: 'test' });
    expect([ds.name, ds.count, ds.height, ds.width, ds.channels]).toEqual(['fashion-mnist', 10000, 28, 28, 1]);
    // First labels of t10k-labels-idx1-ubyte: 9 2 1 1 6 1 4 6 5 7.
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(ds.classNames[ds.labels[0]]).toBe('Ankle boot');
    expect(ds.normalization).toEqual({ mean: [0.286], std: [0.353] });
    let max = 0;
    for (const v of ds.images) if (v > max) max = v;
    expect(max).toBe(1);
  });
});
