import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../../models/ModelGraph.js';
import { I2xError } from '../../util/I2xError.js';
import type { LrpOptions } from './LrpOptions.js';
import type { LrpResult } from './LrpResult.js';
import { runLrp } from './runLrp.js';

/**
 * Layer-wise relevance propagation (Bach et al. 2015) with a zennit composite, for a batch x [N, H, W, C]
 * of normalised images: the relevance that starts at the target logit of each sample (R = logit at the
 * target unit, 0 elsewhere) is propagated back to the input and to the requested layers.
 */
export function lrp(model: tf.LayersModel | ModelGraph, x: tf.Tensor4D, targets: Int32Array, options: LrpOptions): LrpResult {
  if (targets.length !== x.shape[0]) {
    throw new I2xError('E_MODEL', `LRP got ${targets.length} targets for a batch of ${x.shape[0]} images; give one class index per image.`);
  }
  return runLrp(model, x, options, (logits) => {
    const classes = logits.shape[1];
    const bad = targets.findIndex((t) => !(t >= 0 && t < classes));
    if (bad >= 0) throw new I2xError('E_MODEL', `LRP target ${targets[bad]} (sample ${bad}) is not a class index of a model with ${classes} outputs (accepted: 0..${classes - 1}).`);
    return tf.tidy(() => tf.mul(logits, tf.oneHot(tf.tensor1d(targets, 'int32'), classes)) as tf.Tensor2D);
  });
}
