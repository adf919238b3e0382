import { I2xError } from '../util/I2xError.js';
import type { TrainModelOptions } from './TrainModelOptions.js';

/** Refuses a training whose config, data and model do not fit together, before anything is written. */
export function checkTrainInputs(options: Pick<TrainModelOptions, 'model' | 'train' | 'config' | 'classes' | 'executor'>): void {
  const { model, train, config, classes } = options;
  const workers = options.executor?.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new I2xError('E_CONFIG', `workers ${workers} is not accepted; expected an integer >= 1.`);
  if (!Number.isInteger(config.epochs) || config.epochs < 1) throw new I2xError('E_CONFIG', `train.epochs ${config.epochs} is not accepted; expected an integer >= 1.`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new I2xError('E_CONFIG', `train.batchSize ${config.batchSize} is not accepted; expected an integer >= 1.`);
  if (!(config.lr > 0)) throw new I2xError('E_CONFIG', `train.lr ${config.lr} is not accepted; expected a number > 0.`);
  if (train.count === 0) throw new I2xError('E_DATA', `${train.name}/${train.split} has no samples to train on.`);
  const [, h, w, c] = model.inputs[0].shape;
  if (h !== train.height || w !== train.width || c !== train.channels) {
    throw new I2xError('E_MODEL', `Model '${model.name}' takes [${h}, ${w}, ${c}] images; ${train.name} has [${train.height}, ${train.width}, ${train.channels}].`);
  }
  const units = model.outputs[0].shape[1];
  if (units !== classes) throw new I2xError('E_MODEL', `Model '${model.name}' has ${units} outputs; training asks for ${classes} classes.`);
  const maxLabel = train.labels.reduce((a, b) => Math.max(a, b), 0);
  if (maxLabel >= classes) throw new I2xError('E_DATA', `${train.name}/${train.split} has label ${maxLabel}; expected labels in 0..${classes - 1}.`);
}
