import type * as tf from '@tensorflow/tfjs';

/** What `nonFiniteWeight` found: the first weight holding NaN or ±Infinity, and how many values are. */
export interface NonFiniteWeights {
  /** the weight's original name, e.g. 'stem_bn/gamma' */
  weight: string;
  /** its first non-finite value: 'NaN', 'Infinity' or '-Infinity' */
  value: string;
  /** non-finite values over all weights, of `total` */
  count: number;
  total: number;
}

/**
 * The model's non-finite weights (trainable ones and BatchNorm statistics), or null when every value is
 * finite. Reads every weight (one download each), so it is meant for checkpoint time, not every step.
 */
export function nonFiniteWeight(model: tf.LayersModel): NonFiniteWeights | null {
  let found: NonFiniteWeights | null = null;
  let count = 0;
  let total = 0;
  for (const weight of model.weights) {
    const values = weight.read().dataSync() as Float32Array;
    total += values.length;
    for (const v of values) {
      if (Number.isFinite(v)) continue;
      count++;
      found ??= { weight: weight.originalName, value: String(v), count: 0, total: 0 };
    }
  }
  return found && { ...found, count, total };
}
