import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One checkpoint of a run as the train stage lists it in `checkpoints.json`. */
export interface RunCheckpoint {
  /** e.g. 'step-000120' (sortable) */
  name: string;
  /** directory holding model.json, weights.bin, meta.json */
  dir: string;
  step: number;
  epoch: number;
  testAccuracy: number | null;
}

export const CHECKPOINTS_FILE = 'checkpoints.json';

/** The checkpoints of a run, in training order, from the train stage's output directory. */
export function readRunCheckpoints(trainStageDir: string): RunCheckpoint[] {
  return JSON.parse(readFileSync(join(trainStageDir, CHECKPOINTS_FILE), 'utf8')) as RunCheckpoint[];
}
