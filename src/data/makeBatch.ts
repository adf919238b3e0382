import { I2xError } from '../util/I2xError.js';
import type { Batch } from './Batch.js';
import type { Dataset } from './Dataset.js';

/** The samples at `indices` of `dataset`, normalised with its per-channel mean/std, as flat NHWC arrays. */
export function makeBatch(dataset: Dataset, indices: Int32Array): Batch {
  const { height, width, channels, normalization } = dataset;
  if (normalization.mean.length !== channels || normalization.std.length !== channels) {
    throw new I2xError(
      'E_DATA',
      `${dataset.name}: normalisation has ${normalization.mean.length} means / ${normalization.std.length} stds; expected ${channels}, one per channel`,
    );
  }
  // (x - mean) / std as x * scale + shift, one multiply-add per value.
  const scale = normalization.std.map((s) => 1 / s);
  const shift = normalization.mean.map((m, c) => -m * scale[c]);
  const size = height * width * channels;
  const pixels = dataset.images;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (i < 0 || i >= dataset.count) {
      throw new I2xError(
        'E_DATA',
        `batch index ${i} is out of range for ${dataset.name}/${dataset.split}; expected 0..${dataset.count - 1}`,
      );
    }
    labels[k] = dataset.labels[i];
    const from = i * size;
    const to = k * size;
    if (channels === 1) {
      const a = scale[0];
      const b = shift[0];
      for (let p = 0; p < size; p++) images[to + p] = pixels[from + p] * a + b;
    } else {
      for (let p = 0; p < size; p += channels) {
        for (let c = 0; c < channels; c++) images[to + p + c] = pixels[from + p + c] * scale[c] + shift[c];
      }
    }
  }
  return { images, labels, shape: [indices.length, height, width, channels] };
}
