import { argmaxRows } from '../argmaxRows.js';
import { assertCheckpointSeries, type CheckpointSeries } from './CheckpointSeries.js';

export interface ForgettingScores {
  /** [N] correct -> incorrect transitions between consecutive checkpoints */
  events: Int32Array;
  /** [N] 1 if the argmax equalled the given label at some checkpoint, else 0 */
  learned: Uint8Array;
  /** [N] `forgetting`: `events`, or T for a sample never learned (more than any learned sample can reach) */
  score: Float64Array;
}

/**
 * Forgetting events (Toneva et al. 2019), with the T stored checkpoints standing in for the presentations of
 * each sample during training: a sample is correct at a checkpoint when its argmax class (the first of tied
 * maxima) is its given label, and a forgetting event is a correct checkpoint followed by an incorrect one.
 * Toneva et al. rank never-learned samples as the most forgettable (infinitely many events); here they score
 * T, which exceeds the most events any learned sample can have (floor(T / 2)), so they rank first and tie.
 * `predictions` `[T, N, C]` softmax or logits (only the argmax is used), `labels` `[N]` the given labels.
 */
export function forgettingEvents(predictions: CheckpointSeries, labels: Int32Array): ForgettingScores {
  const [checkpoints, samples, classes] = assertCheckpointSeries('forgettingEvents predictions', predictions, labels);
  const { data } = predictions;
  const events = new Int32Array(samples);
  const learned = new Uint8Array(samples);
  const wasCorrect = new Uint8Array(samples);
  for (let t = 0; t < checkpoints; t++) {
    const predicted = argmaxRows(data.subarray(t * samples * classes, (t + 1) * samples * classes), samples, classes);
    for (let i = 0; i < samples; i++) {
      const correct = predicted[i] === labels[i] ? 1 : 0;
      if (t > 0 && wasCorrect[i] === 1 && correct === 0) events[i]++;
      wasCorrect[i] = correct;
      learned[i] |= correct;
    }
  }
  const score = new Float64Array(samples);
  for (let i = 0; i < samples; i++) score[i] = learned[i] === 1 ? events[i] : checkpoints;
  return { events, learned, score };
}
