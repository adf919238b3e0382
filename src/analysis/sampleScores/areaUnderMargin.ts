import { I2xError } from '../../util/I2xError.js';
import { assertCheckpointSeries, type CheckpointSeries } from './CheckpointSeries.js';

export interface AreaUnderMarginScores {
  /** [N] mean over checkpoints of (logit of the given label - largest other logit): Pleiss et al.'s AUM */
  margin: Float64Array;
  /** [N] `aum`: -margin (higher = more likely mislabelled) */
  score: Float64Array;
}

/**
 * Area under the margin (Pleiss et al. 2020), over the T checkpoints instead of every epoch: per sample the
 * mean of z_y - max_{c != y} z_c, negated for the score. `logits` `[T, N, C]` (pre-softmax; C >= 2),
 * `labels` `[N]` the given labels.
 */
export function areaUnderMargin(logits: CheckpointSeries, labels: Int32Array): AreaUnderMarginScores {
  const [checkpoints, samples, classes] = assertCheckpointSeries('areaUnderMargin logits', logits, labels);
  if (classes < 2) throw new I2xError('E_ANALYSIS', `areaUnderMargin logits: ${classes} class; a margin needs at least 2 classes`);
  const { data } = logits;
  const sum = new Float64Array(samples);
  for (let t = 0; t < checkpoints; t++) {
    const base = t * samples * classes;
    for (let i = 0; i < samples; i++) {
      const row = base + i * classes;
      const label = labels[i];
      let largestOther = -Infinity;
      for (let c = 0; c < classes; c++) if (c !== label && data[row + c] > largestOther) largestOther = data[row + c];
      sum[i] += data[row + label] - largestOther;
    }
  }
  const margin = new Float64Array(samples);
  const score = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    margin[i] = sum[i] / checkpoints;
    score[i] = -margin[i];
  }
  return { margin, score };
}
