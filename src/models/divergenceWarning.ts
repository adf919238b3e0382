import type { CheckpointMeta } from './CheckpointMeta.js';
import { divergenceAdvice } from './nonFiniteTrainingError.js';
import type { TrainConfig } from './TrainConfig.js';
import { formatPercent } from '../util/formatPercent.js';

/** The share of the way from chance to 100% accuracy a training must have come to count as above chance. */
const CHANCE_MARGIN = 0.05;

/**
 * The warning `trainModel` logs at a checkpoint whose training looks diverged, or null. The rule, on the
 * training batches since the previous checkpoint (train-mode BatchNorm, so it does not lag as the
 * val accuracy does early on, when the running averages still hold their initial values):
 *
 * - exploding: their mean loss exceeds 2 ln(classes), twice what a uniform guess scores; an untrained
 *   network starts near ln(classes) and a learning one goes down from there, at any checkpoint;
 * - not learning: from epoch 1 on, their accuracy has not come 5% of the way from `chance` (the share of
 *   the training set's most common class, what always guessing it scores) to 100%: for ten balanced
 *   classes, below 14.5%; for two, below 52.5%.
 *
 * The quick start (Adam, lr 1e-3) passes both at every checkpoint (epoch 0.5: loss 2.0 of a limit of 4.6;
 * epoch 1: accuracy 59% of a limit of ~15%); with lr 10 it fails one or both at every checkpoint (loss 311
 * at epoch 0.5, accuracy 8-11% from epoch 1 on).
 */
export function divergenceWarning(meta: Pick<CheckpointMeta, 'name' | 'epoch' | 'trainLoss' | 'trainAccuracy' | 'classes'>, chance: number, config: TrainConfig): string | null {
  const reasons: string[] = [];
  const lossLimit = 2 * Math.log(meta.classes);
  if (meta.trainLoss !== null && meta.trainLoss > lossLimit) {
    reasons.push(`the mean training loss since the previous checkpoint is ${meta.trainLoss.toPrecision(3)}, above 2 ln(${meta.classes}) = ${lossLimit.toFixed(2)} (twice a uniform guess's)`);
  }
  if (meta.trainAccuracy !== null && meta.epoch >= 1 && meta.trainAccuracy < chance + CHANCE_MARGIN * (1 - chance)) {
    reasons.push(`the training accuracy since the previous checkpoint is ${formatPercent(meta.trainAccuracy)}, at chance (always guessing the most common class scores ${formatPercent(chance)})`);
  }
  if (reasons.length === 0) return null;
  return `WARNING: training looks diverged at ${meta.name} (epoch ${meta.epoch.toFixed(2)}): ${reasons.join('; ')}. ${divergenceAdvice(config)}`;
}

/** The share of the most common label: the accuracy of always guessing it. */
export function chanceAccuracy(labels: Int32Array, classes: number): number {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return labels.length === 0 ? 0 : Math.max(...counts) / labels.length;
}

