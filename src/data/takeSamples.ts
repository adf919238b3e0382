import { I2xError } from '../util/I2xError.js';
import type { Dataset } from './Dataset.js';

/**
 * A new Dataset holding the samples at `indices` of `source`, in that order (pixels copied, so the result
 * does not keep the source alive); sourceIndex still points into the original file.
 */
export function takeSamples(source: Dataset, indices: Int32Array, split: Dataset['split'] = source.split): Dataset {
  checkSampleIndices(indices, source.count, `${source.name}/${source.split}`);
  const size = source.height * source.width * source.channels;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  const sourceIndex = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    images.set(source.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = source.labels[i];
    sourceIndex[k] = source.sourceIndex[i];
  }
  return { ...source, split, count: indices.length, images, labels, sourceIndex };
}

/** Refuses (E_DATA, naming the first) an index outside 0..count-1 of the split `where` (e.g. 'mnist/train'); returns `indices`. */
export function checkSampleIndices(indices: Int32Array, count: number, where: string): Int32Array {
  for (const i of indices) {
    if (i < 0 || i >= count) throw new I2xError('E_DATA', `sample index ${i} is out of range for ${where}; expected 0..${count - 1}`);
  }
  return indices;
}
