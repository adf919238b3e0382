import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../../models/ModelGraph.js';
import { I2xError } from '../../util/I2xError.js';
import type { LrpOptions } from './LrpOptions.js';
import type { LrpResult } from './LrpResult.js';
import { runLrp } from './runLrp.js';

/**
 * LRP from a given output relevance [N, classes] instead of the target logit (to explain a contrast
 * between classes, or to check a rule by hand). Conservation is measured against the sum of each row.
 */
export function lrpFromOutputRelevance(model: tf.LayersModel | ModelGraph, x: tf.Tensor4D, outputRelevance: tf.Tensor2D, options: LrpOptions): LrpResult {
  return runLrp(model, x, options, (logits) => {
    if (outputRelevance.shape[0] !== logits.shape[0] || outputRelevance.shape[1] !== logits.shape[1]) {
      throw new I2xError('E_MODEL', `The output relevance has shape [${outputRelevance.shape}], the model's output [${logits.shape}]; they must match.`);
    }
    return tf.clone(outputRelevance);
  });
}
