import { assertCheckpointSeries, type CheckpointSeries } from './CheckpointSeries.js';

/**
 * `self-confidence`: 1 - p(given label) at the last checkpoint, the ranking confident learning (Northcutt et
 * al. 2021) uses to order label issues. `confidences` `[T, N, C]` softmax, `labels` `[N]`; returns `[N]`.
 */
export function selfConfidenceScore(confidences: CheckpointSeries, labels: Int32Array): Float64Array {
  const [checkpoints, samples, classes] = assertCheckpointSeries('selfConfidenceScore confidences', confidences, labels);
  const base = (checkpoints - 1) * samples * classes;
  const score = new Float64Array(samples);
  for (let i = 0; i < samples; i++) score[i] = 1 - confidences.data[base + i * classes + labels[i]];
  return score;
}
