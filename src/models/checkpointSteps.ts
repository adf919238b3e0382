import { I2xError } from '../util/I2xError.js';
import type { CheckpointSchedule } from './TrainConfig.js';

/**
 * The steps after which checkpoints are written, ascending and unique: 0 (if `first`), every `everySteps`,
 * every `everyEpochs` (a fractional epoch is rounded to the nearest step), round(first * factor^k) for k = 0, 1, ...
 * (if `geometric`: dense early in training, where most changes, sparse later), and `totalSteps` (if `last`).
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
  if (schedule.geometric !== undefined) {
    const { first, factor } = schedule.geometric;
    if (!Number.isInteger(first) || first < 1) {
      throw new I2xError('E_CONFIG', `train.checkpoints.geometric.first ${first} is not accepted; expected an integer >= 1.`);
    }
    if (!(factor > 1)) {
      throw new I2xError('E_CONFIG', `train.checkpoints.geometric.factor ${factor} is not accepted; expected a number > 1.`);
    }
    for (let k = 0; ; k++) {
      const s = Math.round(first * factor ** k);
      if (s > totalSteps) break;
      steps.add(s);
    }
  }
  if (schedule.last) steps.add(totalSteps);
  return [...steps].sort((a, b) => a - b);
}
