import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const CHECKPOINTS: ArtifactFile = { stage: 'predictions', file: 'checkpoints.json', format: 'i2x-test-prediction-checkpoints/1' };
const probabilities = (checkpoint: string): ArrayArtifactFile => ({ stage: 'predictions', file: `test-probabilities-${checkpoint}.bin`, format: 'i2x-test-probabilities/1', dtype: 'float32', axes: ['N', 'classes'] });

/** The predictions stage's outputs: per checkpoint the softmax of every test sample, and the checkpoint names in order (written last). */
export const predictionsArtifacts = {
  files: [CHECKPOINTS, probabilities('<checkpoint>')],
  writeCheckpoint(dir: string, checkpoint: string, values: { data: Float32Array; shape: readonly number[] }): void {
    writeArrayArtifact(dir, probabilities(checkpoint), values);
  },
  writeCheckpointNames(dir: string, names: readonly string[]): void {
    writeJsonArtifact(dir, CHECKPOINTS, { checkpoints: names });
  },
  readCheckpointNames(predictionsStageDir: string): string[] {
    return readJsonArtifact<{ format: string; checkpoints: string[] }>(predictionsStageDir, CHECKPOINTS).checkpoints;
  },
  /** [N test samples, classes] softmax */
  read(predictionsStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(predictionsStageDir, probabilities(checkpoint));
  },
};
