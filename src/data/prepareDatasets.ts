import type { I2xConfig } from '../config/configSchema.js';
import type { Dataset } from './Dataset.js';
import { loadDataset } from './loadDataset.js';
import { splitValidation } from './splitValidation.js';
import { subsetDataset } from './subsetDataset.js';
import { derivedSeed } from '../util/derivedSeed.js';

export interface PreparedDatasets {
  train: Dataset;
  val: Dataset | null;
  test: Dataset;
}

/**
 * The train / validation / test sets a config asks for: the configured subsets (stratified ones drawn with
 * streams of the run's seed), then a fixed stratified validation split of the training subset. Deterministic.
 */
export function prepareDatasets(data: I2xConfig['data'], seed: number): PreparedDatasets {
  const base = { name: data.dataset, ...(data.path ? { path: data.path } : {}) } as const;
  const subset = (ds: Dataset, spec: I2xConfig['data']['trainSubset'], split: 'train' | 'test'): Dataset => {
    if (!spec) return ds;
    if ('perClass' in spec && spec.perClass !== undefined) return subsetDataset(ds, { perClass: spec.perClass, seed: derivedSeed(seed, `subset/${split}`, 0) });
    if ('first' in spec && spec.first !== undefined) return subsetDataset(ds, { first: spec.first });
    return ds;
  };
  const fullTrain = subset(loadDataset({ ...base, split: 'train' }), data.trainSubset, 'train');
  const test = subset(loadDataset({ ...base, split: 'test' }), data.testSubset, 'test');
  if (data.valFraction <= 0) return { train: fullTrain, val: null, test };
  const { train, val } = splitValidation(fullTrain, { seed: derivedSeed(seed, 'validation-split', 0), fraction: data.valFraction });
  return { train, val, test };
}
