import { I2xError } from '../util/I2xError.js';
import type { CheckpointSchedule } from './TrainConfig.js';

/**
 * The steps after which checkpoints are written, ascending and unique: 0 (if `first`), every `everySteps`,
 * every `everyEpochs` (a fractional epoch is rounded to the nearest step), round(first * factor^k) for k = 0, 1, ...
 * (if `geometric`: dense early in training, where most changes, sparse later), and `totalSteps` (if `last`).
 *
 * With `last` and a geometric schedule, the last step takes the place of the largest geometric step below it when
 * totalSteps / step < sqrt(factor), i.e. when it is nearer to that step than half a geometric interval on the log
 * scale (unless `nearLast: 'keep'`, or another schedule also writes that step). Without it, 258 steps with
 * { first: 8, factor: 2 } would end in checkpoints at 256 and 258, a transition of two steps in which nothing changes.
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
  if (schedule.geometric !== undefined && schedule.geometric !== null) {
    const { first, factor } = schedule.geometric;
    if (!Number.isInteger(first) || first < 1) {
      throw new I2xError('E_CONFIG', `train.checkpoints.geometric.first ${first} is not accepted; expected an integer >= 1.`);
    }
    if (!(factor > 1)) {
      throw new I2xError('E_CONFIG', `train.checkpoints.geometric.factor ${factor} is not accepted; expected a number > 1.`);
    }
    const geometricSteps: number[] = [];
    for (let k = 0; ; k++) {
      const s = Math.round(first * factor ** k);
      if (s > totalSteps) break;
      if (geometricSteps[geometricSteps.length - 1] !== s) geometricSteps.push(s);
    }
    const largest = geometricSteps[geometricSteps.length - 1];
    const replaced = schedule.last && (schedule.geometric.nearLast ?? 'replace') === 'replace' && largest !== undefined && largest < totalSteps && totalSteps / largest < Math.sqrt(factor);
    for (const s of replaced ? geometricSteps.slice(0, -1) : geometricSteps) steps.add(s);
  }
  if (schedule.last) steps.add(totalSteps);
  return [...steps].sort((a, b) => a - b);
}
