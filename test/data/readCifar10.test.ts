import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/loadDataset.js';
import { readCifar10 } from '../../src/data/readCifar10.js';
import { expectI2xError } from './fixtures/expectI2xError.js';
import { useTempDir } from './fixtures/useTempDir.js';
import { writeCifar10Batch } from './fixtures/writeCifar10Batch.js';

const tempDir = useTempDir();
const u = (b: number): number => Math.fround(b / 255);

/** Distinct per record, channel and position: record n, channel c, (row, col). */
const pixel = (n: number, c: number, row: number, col: number): number => (n * 71 + c * 97 + row * 5 + col * 3) % 256;

describe('readCifar10', () => {
  it('puts the R, G and B planes of each record in NHWC order', () => {
    const dir = tempDir();
    // Record 0 is pure red, record 1 pure green, record 2 pure blue except one marked pixel.
    writeCifar10Batch(join(dir, 'test_batch.bin'), [3, 0, 9], (n, c, row, col) => {
      if (n === 2 && row === 4 && col === 7) return [11, 22, 33][c];
      return c === n ? 255 : 0;
    });
    const ds = loadDataset({ name: 'cifar10', path: dir, split: 'test' });
    expect([ds.count, ds.height, ds.width, ds.channels]).toEqual([3, 32, 32, 3]);
    expect(Array.from(ds.labels)).toEqual([3, 0, 9]);
    expect(ds.classNames[9]).toBe('truck');
    const at = (n: number, row: number, col: number, c: number): number => ds.images[((n * 32 + row) * 32 + col) * 3 + c];
    expect([at(0, 0, 0, 0), at(0, 0, 0, 1), at(0, 0, 0, 2)]).toEqual([1, 0, 0]);
    expect([at(1, 31, 31, 0), at(1, 31, 31, 1), at(1, 31, 31, 2)]).toEqual([0, 1, 0]);
    expect([at(2, 10, 3, 0), at(2, 10, 3, 1), at(2, 10, 3, 2)]).toEqual([0, 0, 1]);
    expect([at(2, 4, 7, 0), at(2, 4, 7, 1), at(2, 4, 7, 2)]).toEqual([u(11), u(22), u(33)]);
  });

  it('matches an obvious per-pixel conversion of the raw bytes', () => {
    const dir = tempDir();
    writeCifar10Batch(join(dir, 'test_batch.bin'), [1, 2, 3], pixel);
    const raw = readFileSync(join(dir, 'test_batch.bin'));
    const ds = readCifar10(dir, 'test');
    const expected: number[] = [];
    for (let n = 0; n < 3; n++) {
      for (let row = 0; row < 32; row++) {
        for (let col = 0; col < 32; col++) {
          for (let c = 0; c < 3; c++) expected.push(u(raw[n * 3073 + 1 + c * 1024 + row * 32 + col]));
        }
      }
    }
    expect(Array.from(ds.images)).toEqual(expected);
  });

  it('concatenates the five training batches in order, with class names from batches.meta.txt', () => {
    const dir = tempDir();
    const perBatch = [[0, 1], [2], [3, 4, 5], [6], [7, 8]];
    perBatch.forEach((labels, b) =>
      writeCifar10Batch(join(dir, `data_batch_${b + 1}.bin`), labels, (n, c) => (b * 10 + n) * 3 + c),
    );
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    writeFileSync(join(dir, 'batches.meta.txt'), names.join('\n') + '\n\n');
    const ds = loadDataset({ name: 'cifar10', path: dir, split: 'train' });
    expect(ds.count).toBe(9);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(ds.sourceIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ds.classNames).toEqual(names);
    // Sample 4 is record 1 of batch 3: its first pixel's (R, G, B) = ((2*10+1)*3 + c).
    expect(Array.from(ds.images.subarray(4 * 3072, 4 * 3072 + 3))).toEqual([u(63), u(64), u(65)]);
    expect(ds.normalization.mean).toEqual([0.4914, 0.4822, 0.4465]);
  });
});

describe('readCifar10 bad input', () => {
  it('truncated record', () => {
    const dir = tempDir();
    writeCifar10Batch(join(dir, 'test_batch.bin'), [1, 2, 3], pixel);
    const raw = readFileSync(join(dir, 'test_batch.bin'));
    writeFileSync(join(dir, 'test_batch.bin'), raw.subarray(0, raw.length - 1));
    expectI2xError(() => readCifar10(dir, 'test'), 'E_DATA', 'test_batch.bin', '9218 bytes', '3073');
  });

  it('empty batch', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'test_batch.bin'), Buffer.alloc(0));
    expectI2xError(() => readCifar10(dir, 'test'), 'E_DATA', 'test_batch.bin', '0 bytes');
  });

  it('label out of range', () => {
    const dir = tempDir();
    writeCifar10Batch(join(dir, 'test_batch.bin'), [1, 10], pixel);
    expectI2xError(() => readCifar10(dir, 'test'), 'E_DATA', 'test_batch.bin', 'label 10 of record 1', '0..9');
  });

  it('missing training batch', () => {
    const dir = tempDir();
    for (const b of [1, 2, 4, 5]) writeCifar10Batch(join(dir, `data_batch_${b}.bin`), [0], pixel);
    expectI2xError(() => readCifar10(dir, 'train'), 'E_DATA', 'data_batch_3.bin', 'not found', 'CIFAR-10 binary batch');
  });

  it('batches.meta.txt with the wrong number of names', () => {
    const dir = tempDir();
    writeCifar10Batch(join(dir, 'test_batch.bin'), [1], pixel);
    writeFileSync(join(dir, 'batches.meta.txt'), 'cat\ndog\n');
    expectI2xError(() => readCifar10(dir, 'test'), 'E_DATA', 'batches.meta.txt', 'lists 2 class names', 'expected 10');
  });
});
