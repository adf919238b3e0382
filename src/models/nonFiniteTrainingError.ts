import { I2xError } from '../util/I2xError.js';
import type { TrainConfig } from './TrainConfig.js';

export interface NonFiniteFinding {
  /** what became non-finite, e.g. 'the loss is NaN' */
  what: string;
  /** 'in' a step (its loss) or 'after' it (the weights it left) */
  when: 'in' | 'after';
  /** 1-based optimizer step */
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** what was and was not written, e.g. 'Checkpoint step-000004 is not written.' */
  outcome: string;
  config: TrainConfig;
}

/**
 * The E_TRAIN error that stops a diverged training, e.g. "Training diverged: the loss is NaN in step 3
 * of 12 (epoch 1 of 3). <outcome> To train stably, lower train.lr (now 10), ...".
 */
export function nonFiniteTrainingError(finding: NonFiniteFinding): I2xError {
  const { step, totalSteps, stepsPerEpoch, config } = finding;
  const epoch = Math.floor((step - 1) / stepsPerEpoch) + 1;
  return new I2xError(
    'E_TRAIN',
    `Training diverged: ${finding.what} ${finding.when} step ${step} of ${totalSteps} (epoch ${epoch} of ${config.epochs}). ${finding.outcome} ${divergenceAdvice(config)}`,
  );
}

/** The config keys that make a training diverge, with their values: the end of every divergence message. */
export function divergenceAdvice(config: TrainConfig): string {
  const keys = [`lower train.lr (now ${config.lr})`];
  if (config.weightDecay > 0) keys.push(`lower train.weightDecay (now ${config.weightDecay})`);
  if (config.optimizer === 'sgd' && config.momentum > 0) keys.push(`lower train.momentum (now ${config.momentum})`);
  keys.push(`or try the other train.optimizer (now '${config.optimizer}')`);
  return `To train stably, ${keys.join(', ')}; e.g. --set train.lr=${Number((config.lr / 10).toPrecision(3))}.`;
}
