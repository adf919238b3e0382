import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/loadDataset.js';
import { readIdx } from '../../src/data/readIdx.js';
import { expectI2xError } from './fixtures/expectI2xError.js';
import { useTempDir } from './fixtures/useTempDir.js';
import { writeIdx } from './fixtures/writeIdx.js';

const tempDir = useTempDir();

// Two 2 x 3 images with distinct bytes, including the extremes 0 and 255.
const PIXELS = [0, 1, 2, 127, 128, 255, 10, 20, 30, 40, 50, 60];
const LABELS = [7, 0];

function writePair(dir: string, prefix: 'train' | 't10k', gzip: boolean): void {
  const ext = gzip ? '.gz' : '';
  writeIdx(join(dir, `${prefix}-images-idx3-ubyte${ext}`), [2, 2, 3], PIXELS, { gzip });
  writeIdx(join(dir, `${prefix}-labels-idx1-ubyte${ext}`), [2], LABELS, { gzip });
}

describe('readIdx', () => {
  it('returns the header dims and the data bytes', () => {
    const dir = tempDir();
    writeIdx(join(dir, 'a'), [2, 2, 3], PIXELS);
    const idx = readIdx(join(dir, 'a'), 3, 'images');
    expect(idx.dims).toEqual([2, 2, 3]);
    expect(Array.from(idx.data)).toEqual(PIXELS);
  });

  it.each([false, true])('reads an IDX pair (gzip: %s) back to exact pixel values / 255', (gzip) => {
    const dir = tempDir();
    writePair(dir, 't10k', gzip);
    const ds = loadDataset({ name: 'idx', path: dir, split: 'test' });
    expect(ds.name).toBe(`idx:${dir}`);
    expect(ds.split).toBe('test');
    expect([ds.count, ds.height, ds.width, ds.channels]).toEqual([2, 2, 3, 1]);
    expect(Array.from(ds.images)).toEqual(PIXELS.map((b) => Math.fround(b / 255)));
    expect(ds.images[5]).toBe(1);
    expect(ds.images[0]).toBe(0);
    expect(Array.from(ds.labels)).toEqual(LABELS);
    expect(Array.from(ds.sourceIndex)).toEqual([0, 1]);
    expect(ds.classNames).toHaveLength(10);
  });

  it('accepts the dotted spelling train-images.idx3-ubyte', () => {
    const dir = tempDir();
    writeIdx(join(dir, 'train-images.idx3-ubyte'), [2, 2, 3], PIXELS);
    writeIdx(join(dir, 'train-labels.idx1-ubyte'), [2], LABELS);
    expect(Array.from(loadDataset({ name: 'idx', path: dir, split: 'train' }).labels)).toEqual(LABELS);
  });

  it('honours classNames and normalization given for idx', () => {
    const dir = tempDir();
    writeIdx(join(dir, 'train-images-idx3-ubyte'), [2, 2, 3], PIXELS);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [2], [11, 0]);
    const classNames = Array.from({ length: 12 }, (_, c) => `c${c}`);
    const normalization = { mean: [0.2], std: [0.4] };
    const ds = loadDataset({ name: 'idx', path: dir, split: 'train', classNames, normalization });
    expect(ds.labels[0]).toBe(11);
    expect(ds.classNames).toEqual(classNames);
    expect(ds.normalization).toEqual(normalization);
  });
});

describe('readIdx bad input', () => {
  it('wrong magic number', () => {
    const dir = tempDir();
    writePair(dir, 'train', false);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [2], LABELS, { magic: 0x00000803 });
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA',
      'train-labels-idx1-ubyte', 'wrong magic number 0x00000803', 'expected', '0x00000801');
  });

  it('images file given where labels are expected (rank differs)', () => {
    const dir = tempDir();
    writeIdx(join(dir, 'x'), [2, 2, 3], PIXELS);
    expectI2xError(() => readIdx(join(dir, 'x'), 1, 'labels [N]'), 'E_DATA', join(dir, 'x'), 'labels [N]');
  });

  it('truncated data', () => {
    const dir = tempDir();
    writePair(dir, 'train', false);
    writeIdx(join(dir, 'train-images-idx3-ubyte'), [3, 2, 3], PIXELS);
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA',
      'train-images-idx3-ubyte', 'truncated', '18 data bytes', 'has 12');
  });

  it('truncated header', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'h'), Buffer.from([0, 0, 8, 3, 0, 0]));
    expectI2xError(() => readIdx(join(dir, 'h'), 3, 'images'), 'E_DATA', join(dir, 'h'), 'truncated');
  });

  it('truncated gzip stream', () => {
    const dir = tempDir();
    writePair(dir, 'train', true);
    const path = join(dir, 'train-images-idx3-ubyte.gz');
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 12));
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA',
      'train-images-idx3-ubyte.gz', 'gzip');
  });

  it('bytes after the declared data', () => {
    const dir = tempDir();
    writeIdx(join(dir, 'l'), [2], [1, 2, 3]);
    expectI2xError(() => readIdx(join(dir, 'l'), 1, 'labels'), 'E_DATA', join(dir, 'l'), 'unexpected bytes');
  });

  it('image / label count mismatch', () => {
    const dir = tempDir();
    writePair(dir, 'train', false);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [3], [1, 2, 3]);
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA',
      'train-labels-idx1-ubyte', '3 labels', 'train-images-idx3-ubyte', '2 images');
  });

  it('label out of range', () => {
    const dir = tempDir();
    writePair(dir, 'train', false);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [2], [3, 10]);
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA',
      'train-labels-idx1-ubyte', 'label 10 at index 1', '0..9');
  });

  it('missing labels file', () => {
    const dir = tempDir();
    writeIdx(join(dir, 'train-images-idx3-ubyte'), [2, 2, 3], PIXELS);
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA',
      dir, 'train-labels-idx1-ubyte', 'train-labels-idx1-ubyte.gz');
  });

  it('missing file given directly', () => {
    const dir = tempDir();
    expectI2xError(() => readIdx(join(dir, 'nope'), 1, 'labels'), 'E_DATA', join(dir, 'nope'), 'not found');
  });

  it('missing directory', () => {
    const dir = join(tempDir(), 'absent');
    expectI2xError(() => loadDataset({ name: 'idx', path: dir, split: 'train' }), 'E_DATA', dir, 'not found');
  });
});
