import { I2xError } from '../util/I2xError.js';

/** A checkpoint's softmax confidences: [N, classes], row-major. */
export interface CheckpointConfidences {
  /** the checkpoint's name, for error messages */
  name: string;
  data: Float32Array;
  shape: readonly number[];
}

/**
 * The per-sample change of the confidence vector over a transition, after - before ([N, classes], float32),
 * the quantity the confidence groups cluster and the ridge fits explain.
 */
export function confidenceChange(before: CheckpointConfidences, after: CheckpointConfidences): Float32Array {
  if (before.shape.length !== 2 || after.shape.join() !== before.shape.join() || before.data.length !== before.shape[0] * before.shape[1]) {
    throw new I2xError(
      'E_ANALYSIS',
      `The confidences of checkpoint ${after.name} have shape [${after.shape}], those of ${before.name} [${before.shape}]; both must be [samples, classes] of one training set (re-run the saliency stage).`,
    );
  }
  const change = new Float32Array(before.data.length);
  for (let i = 0; i < change.length; i++) change[i] = after.data[i] - before.data[i];
  return change;
}
