import type { FinetuneWallTime } from './finetuneWallTime.js';

/** Where the training rate of an estimate came from. */
export type TrainRateSource = 'train stage' | 'measured';

/**
 * One line for the log before the fine-tuning runs start, e.g.
 * `expected wall time of the 25 runs: 3 h 01 min (2,700,000 training images at 260 images/s (train stage), 250,000 evaluated at 800 images/s, 50 phases and 25 runs started in 2 min 05 s)`.
 */
export function formatWallTime(estimate: FinetuneWallTime, rates: { trainImagesPerSecond: number; evaluationImagesPerSecond: number; trainRateSource: TrainRateSource }): string {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  return (
    `expected wall time of the ${estimate.runs} run${estimate.runs === 1 ? '' : 's'}: ${duration(estimate.seconds)} ` +
    `(${count(estimate.trainImages)} training images at ${count(rates.trainImagesPerSecond)} images/s (${rates.trainRateSource}), ` +
    `${count(estimate.evaluatedImages)} evaluated at ${count(rates.evaluationImagesPerSecond)} images/s, ` +
    `${estimate.phases} phase${estimate.phases === 1 ? '' : 's'} and ${estimate.runs} run${estimate.runs === 1 ? '' : 's'} started in ${duration(estimate.startSeconds)})`
  );
}

/** `42 s`, `7 min 05 s`, `2 h 59 min`: rounded to the unit shown last. */
function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
