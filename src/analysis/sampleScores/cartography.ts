import { assertCheckpointSeries, type CheckpointSeries } from './CheckpointSeries.js';

export interface CartographyScores {
  /** [N] mean over checkpoints of p(given label): Swayamdipta et al.'s "confidence" */
  confidence: Float64Array;
  /** [N] population standard deviation (divide by T, as `np.std` in their code) of p(given label): "variability" */
  variability: Float64Array;
  /** [N] `cartography-hard`: 1 - confidence (higher = harder to learn; ranks as -confidence) */
  hard: Float64Array;
  /** [N] `cartography-ambiguous`: variability (higher = more ambiguous) */
  ambiguous: Float64Array;
}

/**
 * Dataset Cartography (Swayamdipta et al. 2020) from checkpoints instead of epochs: per sample, the mean and
 * population standard deviation over the T checkpoints of the softmax probability of the given label.
 * `confidences` `[T, N, C]` softmax, `labels` `[N]` the given (possibly wrong) labels.
 */
export function cartography(confidences: CheckpointSeries, labels: Int32Array): CartographyScores {
  const [checkpoints, samples, classes] = assertCheckpointSeries('cartography confidences', confidences, labels);
  const { data } = confidences;
  const sum = new Float64Array(samples);
  const sumOfSquares = new Float64Array(samples);
  for (let t = 0; t < checkpoints; t++) {
    const base = t * samples * classes;
    for (let i = 0; i < samples; i++) {
      const p = data[base + i * classes + labels[i]];
      sum[i] += p;
      sumOfSquares[i] += p * p;
    }
  }
  const confidence = new Float64Array(samples);
  const variability = new Float64Array(samples);
  const hard = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const mean = sum[i] / checkpoints;
    confidence[i] = mean;
    // E[p²] - mean² can round below 0 for a constant p; p is in [0, 1], so the cancellation is harmless otherwise
    variability[i] = Math.sqrt(Math.max(0, sumOfSquares[i] / checkpoints - mean * mean));
    hard[i] = 1 - mean;
  }
  return { confidence, variability, hard, ambiguous: variability };
}
