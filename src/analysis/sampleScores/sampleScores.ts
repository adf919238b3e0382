import { areaUnderMargin } from './areaUnderMargin.js';
import { cartography } from './cartography.js';
import type { CheckpointSeries } from './CheckpointSeries.js';
import { forgettingEvents } from './forgettingEvents.js';
import { i2xScore, type I2xScoreInput } from './i2xScore.js';
import { randomScore } from './randomScore.js';
import { selfConfidenceScore } from './selfConfidenceScore.js';
import { tracInSelfInfluence } from './tracInSelfInfluence.js';

/** Every per-sample suspicion score i2x computes, in the order tables list them. */
export const SCORE_METHODS = ['i2x', 'cartography-hard', 'cartography-ambiguous', 'forgetting', 'aum', 'tracin', 'self-confidence', 'random'] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

export interface SampleScoresInput {
  /** [T, N, C] softmax confidences at every checkpoint */
  confidences: CheckpointSeries;
  /** [T, N, C] logits at the same checkpoints */
  logits: CheckpointSeries;
  /** [T, N, D] the final dense layer's input; null when the model has none (then no `tracin`) */
  headInputs: CheckpointSeries | null;
  /** [T] learning rate in force at each checkpoint (TracIn's weights) */
  learningRates: Float64Array;
  /** [N] the given (possibly planted) labels */
  labels: Int32Array;
  /** the inputs of the `i2x` score */
  i2x: Omit<I2xScoreInput, 'finalIntensities'> & { finalIntensities: Float32Array };
  /** the seed of the `random` score */
  seed: number;
}

/**
 * Every score of SCORE_METHODS for every sample (higher = more likely a problem sample), from what the
 * saliency, prototypes, intensities and explanation stages stored: no model pass. `tracin` is left out
 * when there are no head inputs. Returns the methods computed, in SCORE_METHODS order, each `[N]`.
 */
export function sampleScores(input: SampleScoresInput): Map<ScoreMethod, Float64Array> {
  const { confidences, logits, labels } = input;
  const map = cartography(confidences, labels);
  const scores = new Map<ScoreMethod, Float64Array>([
    ['i2x', i2xScore(input.i2x)],
    ['cartography-hard', map.hard],
    ['cartography-ambiguous', map.ambiguous],
    ['forgetting', forgettingEvents(logits, labels).score],
    ['aum', areaUnderMargin(logits, labels).score],
  ]);
  if (input.headInputs) scores.set('tracin', tracInSelfInfluence({ activations: input.headInputs, confidences, labels, learningRates: input.learningRates }));
  scores.set('self-confidence', selfConfidenceScore(confidences, labels));
  scores.set('random', randomScore(labels.length, input.seed));
  return scores;
}
