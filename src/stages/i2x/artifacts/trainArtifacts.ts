import { resolve } from 'node:path';
import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

/** One checkpoint of a run as the train stage lists it. */
export interface RunCheckpoint {
  /** e.g. 'step-000120' (sortable) */
  name: string;
  /** directory holding model.json, weights.bin, meta.json (in the file: relative to the train stage's directory, so the file is the same under any root; as read: resolved) */
  dir: string;
  step: number;
  epoch: number;
  testAccuracy: number | null;
}

const CHECKPOINTS: ArtifactFile = { stage: 'train', file: 'checkpoints.json', format: 'i2x-train-checkpoints/1' };

/** The train stage's output: the run's checkpoints, in training order (the weights live in `checkpoints/<run>/`). */
export const trainArtifacts = {
  files: [CHECKPOINTS],
  write(dir: string, checkpoints: readonly RunCheckpoint[]): void {
    writeJsonArtifact(dir, CHECKPOINTS, { checkpoints }, { pretty: true });
  },
  read(trainStageDir: string): RunCheckpoint[] {
    const listed = readJsonArtifact<{ format: string; checkpoints: RunCheckpoint[] }>(trainStageDir, CHECKPOINTS).checkpoints;
    return listed.map((checkpoint) => ({ ...checkpoint, dir: resolve(trainStageDir, checkpoint.dir) }));
  },
};
