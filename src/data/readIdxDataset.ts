import { I2xError } from '../util/I2xError.js';
import type { Dataset } from './Dataset.js';
import type { DatasetInfo } from './datasetInfo.js';
import { byteToUnit } from './byteToUnit.js';
import { readIdx } from './readIdx.js';

/**
 * Reads an IDX pair (images [N, H, W] and labels [N], plain or gzipped) into a one-channel Dataset,
 * checking that the counts agree, the image size matches `info.imageShape` if given, and every label names
 * one of `info.classNames`.
 */
export function readIdxDataset(
  imagesPath: string,
  labelsPath: string,
  name: string,
  split: 'train' | 'test',
  info: DatasetInfo,
): Dataset {
  const imageFile = readIdx(imagesPath, 3, 'images [N, H, W]');
  const labelFile = readIdx(labelsPath, 1, 'labels [N]');
  const [count, height, width] = imageFile.dims;
  if (labelFile.dims[0] !== count) {
    throw new I2xError(
      'E_DATA',
      `${labelsPath}: holds ${labelFile.dims[0]} labels but ${imagesPath} holds ${count} images; expected one label per image`,
    );
  }
  if (info.imageShape && (info.imageShape[0] !== height || info.imageShape[1] !== width || info.imageShape[2] !== 1)) {
    throw new I2xError(
      'E_DATA',
      `${imagesPath}: images are ${height} x ${width}; expected ${info.imageShape[0]} x ${info.imageShape[1]} for ${name}`,
    );
  }

  const classCount = info.classNames.length;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labelFile.data[i];
    if (label >= classCount) {
      throw new I2xError(
        'E_DATA',
        `${labelsPath}: label ${label} at index ${i} is out of range; expected 0..${classCount - 1} (${classCount} classes of ${name})`,
      );
    }
    labels[i] = label;
  }

  const pixels = imageFile.data;
  const images = new Float32Array(pixels.length);
  const unit = byteToUnit; // a local, so the hot loop does not go through the module binding
  for (let i = 0; i < pixels.length; i++) images[i] = unit[pixels[i]];

  const sourceIndex = new Int32Array(count);
  for (let i = 0; i < count; i++) sourceIndex[i] = i;

  return {
    name,
    split,
    count,
    height,
    width,
    channels: 1,
    images,
    labels,
    classNames: info.classNames,
    normalization: info.normalization,
    sourceIndex,
  };
}
