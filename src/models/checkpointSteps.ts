import { I2xError } from '../util/I2xError.js';
import type { CheckpointSchedule } from './TrainConfig.js';

/**
 * The steps after which checkpoints are written, ascending and unique: 0 (if `first`), every `everySteps`,
 * every `everyEpochs` (a fractional epoch is rounded to the nearest step), and `totalSteps` (if `last`).
 */
export function checkpointSteps(schedule: CheckpointSchedule, stepsPerEpoch: number, totalSteps: number): number[] {
  const steps = new Set<number>();
  if (schedule.first) steps.add(0);
  if (schedule.everySteps !== null) {
    if (!Number.isInteger(schedule.everySteps) || schedule.everySteps < 1) {
      throw new I2xError('E_CONFIG', `train.checkpoints.everySteps ${schedule.everySteps} is not accepted; expected an integer >= 1 or null.`);
    }
    for (let s = schedule.everySteps; s <= totalSteps; s += schedule.everySteps) steps.add(s);
  }
  if (schedule.everyEpochs !== null) {
    if (!(schedule.everyEpochs > 0)) {
      throw new I2xError('E_CONFIG', `train.checkpoints.everyEpochs ${schedule.everyEpochs} is not accepted; expected a number > 0 or null.`);
    }
    for (let k = 1; ; k++) {
      const s = Math.round(k * schedule.everyEpochs * stepsPerEpoch);
      if (s > totalSteps) break;
      if (s > 0) steps.add(s);
    }
  }
  if (schedule.last) steps.add(totalSteps);
  return [...steps].sort((a, b) => a - b);
}
