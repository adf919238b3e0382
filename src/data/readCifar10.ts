import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I2xError } from '../util/I2xError.js';
import type { Dataset } from './Dataset.js';
import { byteToUnit } from './byteToUnit.js';
import { datasetInfo } from './datasetInfo.js';
import { readDataFile } from './readDataFile.js';

const SIDE = 32;
const PLANE = SIDE * SIDE; // 1024 bytes per colour plane
const RECORD = 1 + 3 * PLANE; // label byte, then the R, G and B planes, each row-major 32 x 32
const EXPECTED = `a CIFAR-10 binary batch: records of ${RECORD} bytes (1 label byte, then 1024 R, 1024 G, 1024 B)`;

/**
 * Reads CIFAR-10 from the standard binary batches in `dir` (data_batch_1.bin .. data_batch_5.bin for
 * 'train', test_batch.bin for 'test'), converting the channel planes to NHWC. Class names come from
 * batches.meta.txt when it is there (one per line), else the standard ten.
 */
export function readCifar10(dir: string, split: 'train' | 'test'): Dataset {
  const info = datasetInfo('cifar10');
  const classNames = readClassNames(join(dir, 'batches.meta.txt'), info.classNames.length) ?? info.classNames;
  const names = split === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  const batches = names.map((name) => {
    const path = join(dir, name);
    const bytes = readDataFile(path, EXPECTED);
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw new I2xError(
        'E_DATA',
        `${path}: ${bytes.length} bytes is not a whole, non-zero number of records (truncated?); expected ${EXPECTED}`,
      );
    }
    return { path, bytes };
  });

  const count = batches.reduce((sum, b) => sum + b.bytes.length / RECORD, 0);
  const images = new Float32Array(count * 3 * PLANE);
  const labels = new Int32Array(count);
  const unit = byteToUnit; // a local, so the hot loop does not go through the module binding
  let n = 0;
  for (const { path, bytes } of batches) {
    for (let offset = 0; offset < bytes.length; offset += RECORD, n++) {
      const label = bytes[offset];
      if (label >= classNames.length) {
        throw new I2xError(
          'E_DATA',
          `${path}: label ${label} of record ${offset / RECORD} is out of range; expected 0..${classNames.length - 1}`,
        );
      }
      labels[n] = label;
      const r = offset + 1;
      const out = n * 3 * PLANE;
      for (let p = 0; p < PLANE; p++) {
        images[out + 3 * p] = unit[bytes[r + p]];
        images[out + 3 * p + 1] = unit[bytes[r + PLANE + p]];
        images[out + 3 * p + 2] = unit[bytes[r + 2 * PLANE + p]];
      }
    }
  }

  const sourceIndex = new Int32Array(count);
  for (let i = 0; i < count; i++) sourceIndex[i] = i;
  return {
    name: 'cifar10',
    split,
    count,
    height: SIDE,
    width: SIDE,
    channels: 3,
    images,
    labels,
    classNames,
    normalization: info.normalization,
    sourceIndex,
  };
}

function readClassNames(path: string, expectedCount: number): string[] | undefined {
  if (!existsSync(path)) return undefined;
  const names = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== expectedCount) {
    throw new I2xError(
      'E_DATA',
      `${path}: lists ${names.length} class names; expected ${expectedCount}, one per line`,
    );
  }
  return names;
}
