import { I2xError } from '../../util/I2xError.js';
import { assertCheckpointSeries, type CheckpointSeries } from './CheckpointSeries.js';

export interface TracInSelfInfluenceInput {
  /** `[T, N, D]` the dense head's input (penultimate activations) at each checkpoint */
  activations: CheckpointSeries;
  /** `[T, N, C]` the head's softmax at the same checkpoints */
  confidences: CheckpointSeries;
  /** `[N]` the given labels */
  labels: Int32Array;
  /** `[T]` the learning rate in force at each checkpoint */
  learningRates: Float32Array | Float64Array;
  /** count the bias gradient (p - y) in the norm (default true) */
  includeBias?: boolean;
}

/**
 * TracIn self-influence (Pruthi et al. 2020), last-layer form: sum over checkpoints of lr_t ||∇ loss||², the
 * gradient of the softmax cross-entropy of the sample with its given label, taken with respect to the final
 * dense layer logits = W a + b only. ∇_W = (p - y) aᵀ and ∇_b = p - y, so
 * ||∇||² = ||p - y||² (||a||² + 1), or ||p - y||² ||a||² without the bias. Returns `[N]` (higher = more
 * self-influential, the TracIn ranking of likely mislabelled samples).
 */
export function tracInSelfInfluence(input: TracInSelfInfluenceInput): Float64Array {
  const { activations, confidences, labels, learningRates, includeBias = true } = input;
  const [checkpoints, samples, classes] = assertCheckpointSeries('tracInSelfInfluence confidences', confidences, labels);
  const [activationCheckpoints, activationSamples, features] = assertCheckpointSeries('tracInSelfInfluence activations', activations);
  if (activationCheckpoints !== checkpoints || activationSamples !== samples) {
    throw new I2xError(
      'E_ANALYSIS',
      `tracInSelfInfluence: activations are [${activations.shape}] but confidences [${confidences.shape}]; both need the same T checkpoints and N samples`,
    );
  }
  if (learningRates.length !== checkpoints) {
    throw new I2xError('E_ANALYSIS', `tracInSelfInfluence: ${learningRates.length} learning rates for ${checkpoints} checkpoints; expected one per checkpoint`);
  }
  const biasTerm = includeBias ? 1 : 0;
  const score = new Float64Array(samples);
  for (let t = 0; t < checkpoints; t++) {
    const lr = learningRates[t];
    const pBase = t * samples * classes;
    const aBase = t * samples * features;
    for (let i = 0; i < samples; i++) {
      const row = pBase + i * classes;
      let errorNorm = 0;
      for (let c = 0; c < classes; c++) {
        const e = confidences.data[row + c] - (c === labels[i] ? 1 : 0);
        errorNorm += e * e;
      }
      const aRow = aBase + i * features;
      let activationNorm = 0;
      for (let d = 0; d < features; d++) activationNorm += activations.data[aRow + d] * activations.data[aRow + d];
      score[i] += lr * errorNorm * (activationNorm + biasTerm);
    }
  }
  return score;
}

