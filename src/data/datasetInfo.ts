import type { Dataset } from './Dataset.js';

/** What is known about a dataset before reading it: class names, normalisation and, if fixed, image size. */
export interface DatasetInfo {
  readonly classNames: Dataset['classNames'];
  readonly normalization: Dataset['normalization'];
  /** [height, width, channels] every file of this dataset must have; absent when any size is accepted */
  readonly imageShape?: readonly [number, number, number];
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

// Means/stds are the per-channel statistics of each training set, as commonly published.
const INFO: Record<'mnist' | 'fashion-mnist' | 'cifar10' | 'idx', DatasetInfo> = {
  mnist: {
    classNames: DIGITS,
    normalization: { mean: [0.1307], std: [0.3081] },
    imageShape: [28, 28, 1],
  },
  'fashion-mnist': {
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    normalization: { mean: [0.286], std: [0.353] },
    imageShape: [28, 28, 1],
  },
  cifar10: {
    classNames: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
    normalization: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
    imageShape: [32, 32, 3],
  },
  // An arbitrary IDX pair: statistics unknown, so no normalisation unless the spec gives one.
  idx: {
    classNames: DIGITS,
    normalization: { mean: [0], std: [1] },
  },
};

/** Class names, normalisation and image shape of a known dataset. */
export function datasetInfo(name: 'mnist' | 'fashion-mnist' | 'cifar10' | 'idx'): DatasetInfo {
  return INFO[name];
}
