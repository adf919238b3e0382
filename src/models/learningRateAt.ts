import type { TrainConfig } from './TrainConfig.js';

/** The 'step' schedule multiplies the rate by this at each milestone. */
const STEP_DECAY = 0.1;
/** ... and its milestones, as fractions of the training. */
const STEP_MILESTONES = [0.5, 0.75];

/**
 * The learning rate of update `step` (0-based) of `totalSteps`:
 *   constant: lr
 *   cosine:   lr * (1 + cos(pi * step / totalSteps)) / 2, per step, down to ~0 at the end
 *   step:     lr, then x0.1 from half-way, x0.01 from three quarters
 */
export function learningRateAt(config: Pick<TrainConfig, 'lr' | 'schedule'>, step: number, totalSteps: number): number {
  switch (config.schedule) {
    case 'constant':
      return config.lr;
    case 'cosine':
      return (config.lr * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2;
    case 'step': {
      const passed = STEP_MILESTONES.filter((m) => step >= Math.round(m * totalSteps)).length;
      return config.lr * STEP_DECAY ** passed;
    }
  }
}
