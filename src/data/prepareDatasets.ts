import type { I2xConfig } from '../config/configSchema.js';
import type { Dataset } from './Dataset.js';
import { loadDataset } from './loadDataset.js';
import { splitValidation } from './splitValidation.js';
import { subsetIndices, type SubsetOptions } from './subsetDataset.js';
import type { SamplePick } from './readIdxDataset.js';
import { derivedSeed } from '../util/derivedSeed.js';
import { plantDataset, type PlantedSample } from './plantDataset.js';

export interface PreparedDatasets {
  train: Dataset;
  val: Dataset | null;
  test: Dataset;
  /** every change `data.plant` made, train then val then test, each split in plant order (empty without plants) */
  planted: readonly PlantedSample[];
}

/**
 * The train / validation / test sets a config asks for: the configured subsets (stratified ones drawn with
 * streams of the run's seed), then a fixed stratified validation split of the training subset, then the plants of
 * `data.plant` (training construction on train and val, test construction on test; see plantDataset). Deterministic.
 */
export function prepareDatasets(data: I2xConfig['data'], seed: number): PreparedDatasets {
  const base = { name: data.dataset, ...(data.path ? { path: data.path } : {}) } as const;
  // the subset is chosen from the labels before any pixel is converted (readIdxDataset's pick)
  const subset = (spec: I2xConfig['data']['trainSubset'], split: 'train' | 'test'): SamplePick | undefined => {
    if (!spec) return undefined;
    let options: SubsetOptions;
    if ('perClass' in spec && spec.perClass !== undefined) options = { perClass: spec.perClass, seed: derivedSeed(seed, `subset/${split}`, 0) };
    else if ('first' in spec && spec.first !== undefined) options = { first: spec.first };
    else return undefined;
    return ({ labels, classNames, where }) => subsetIndices(labels, classNames, where, options);
  };
  const fullTrain = loadDataset({ ...base, split: 'train' }, subset(data.trainSubset, 'train'));
  const cleanTest = loadDataset({ ...base, split: 'test' }, subset(data.testSubset, 'test'));
  const split =
    data.valFraction <= 0
      ? { train: fullTrain, val: null }
      : splitValidation(fullTrain, { seed: derivedSeed(seed, 'validation-split', 0), fraction: data.valFraction });
  // The plants go on after the subsets and the validation split, so a plant never changes which samples are drawn.
  // The validation set is held out of the training split and gets the training construction (its own draws).
  const plant = (ds: Dataset, construction: 'train' | 'test') => plantDataset(ds, data.plant, { seed, construction });
  const train = plant(split.train, 'train');
  const val = split.val ? plant(split.val, 'train') : null;
  const test = plant(cleanTest, 'test');
  return {
    train: train.dataset,
    val: val ? val.dataset : null,
    test: test.dataset,
    planted: [...train.planted, ...(val ? val.planted : []), ...test.planted],
  };
}
