import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One checkpoint of a run as the train stage lists it in `checkpoints.json`. */
export interface RunCheckpoint {
  /** e.g. 'step-000120' (sortable) */
  name: string;
  /** directory holding model.json, weights.bin, meta.json (in the file: relative to the train stage's directory; as read: resolved) */
  dir: string;
  step: number;
  epoch: number;
  testAccuracy: number | null;
}

export const CHECKPOINTS_FILE = 'checkpoints.json';

/** The checkpoints of a run, in training order, from the train stage's output directory, their directories resolved. */
export function readRunCheckpoints(trainStageDir: string): RunCheckpoint[] {
  const listed = JSON.parse(readFileSync(join(trainStageDir, CHECKPOINTS_FILE), 'utf8')) as RunCheckpoint[];
  return listed.map((checkpoint) => ({ ...checkpoint, dir: resolve(trainStageDir, checkpoint.dir) }));
}
