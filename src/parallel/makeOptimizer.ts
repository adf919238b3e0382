import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../util/I2xError.js';
import type { OptimizerSpec } from './OptimizerSpec.js';

/** PyTorch's Adam epsilon; tfjs would default to the backend's (1e-7). */
const ADAM_EPSILON = 1e-8;

/** A tfjs optimizer for `spec`, with PyTorch's hyper-parameters (Adam betas 0.9/0.999, eps 1e-8). */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  if (!(spec.lr > 0)) throw new I2xError('E_CONFIG', `optimizer lr ${spec.lr} is not accepted; it must be > 0.`);
  switch (spec.kind) {
    case 'adam':
      return tf.train.adam(spec.lr, 0.9, 0.999, ADAM_EPSILON);
    case 'sgd':
      return (spec.momentum ?? 0) > 0 ? tf.train.momentum(spec.lr, spec.momentum!) : tf.train.sgd(spec.lr);
    default:
      throw new I2xError('E_CONFIG', `optimizer kind '${(spec as { kind: string }).kind}' is not known; accepted: adam, sgd.`);
  }
}

/** Changes the learning rate of an optimizer made by `makeOptimizer`, for schedules. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // `instanceof` cannot tell tfjs optimizers apart (Optimizer overrides Symbol.hasInstance); SGD and
  // Momentum cache -lr in a scalar and must be told through setLearningRate, Adam reads the field.
  const sgd = optimizer as unknown as { setLearningRate?: (lr: number) => void };
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(lr);
  else (optimizer as unknown as { learningRate: number }).learningRate = lr;
}
