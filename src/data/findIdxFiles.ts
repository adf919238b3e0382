import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { I2xError } from '../util/I2xError.js';

/**
 * Finds the images and labels files of one split in `dir` under the standard MNIST names
 * (train-images-idx3-ubyte, t10k-labels-idx1-ubyte, ...; also the `train-images.idx3-ubyte` spelling),
 * plain or `.gz`. `hint` is appended to the error when nothing is found (e.g. which package provides them).
 */
export function findIdxFiles(dir: string, split: 'train' | 'test', hint = ''): { images: string; labels: string } {
  const suffix = hint ? ` (${hint})` : '';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new I2xError('E_DATA', `${dir}: directory not found; expected a directory of IDX files${suffix}`);
  }
  const prefix = split === 'train' ? 'train' : 't10k';
  const find = (kind: 'images' | 'labels', rank: number): string => {
    const candidates = [`${prefix}-${kind}-idx${rank}-ubyte`, `${prefix}-${kind}.idx${rank}-ubyte`].flatMap((name) => [
      name,
      `${name}.gz`,
    ]);
    const found = candidates.find((name) => existsSync(join(dir, name)));
    if (found === undefined) {
      throw new I2xError(
        'E_DATA',
        `${dir}: no ${split} ${kind} file; expected one of ${candidates.join(', ')}${suffix}`,
      );
    }
    return join(dir, found);
  };
  return { images: find('images', 3), labels: find('labels', 1) };
}
