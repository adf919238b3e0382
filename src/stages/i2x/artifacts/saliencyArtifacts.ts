import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const CHECKPOINTS: ArtifactFile = { stage: 'saliency', file: 'checkpoints.json', format: 'i2x-saliency-checkpoints/1' };
const maps = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `saliency-${checkpoint}.bin`, format: 'i2x-saliency-maps/1', dtype: 'float32', axes: ['N', 'h', 'w'] });
const confidences = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `confidences-${checkpoint}.bin`, format: 'i2x-saliency-confidences/1', dtype: 'float32', axes: ['N', 'classes'] });
const legibility = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `legibility-${checkpoint}.bin`, format: 'i2x-saliency-legibility/1', dtype: 'float32', axes: ['N', 'contrast|blobs|gini'] });

/** What the saliency stage wrote for one checkpoint. */
export interface CheckpointSaliency {
  /** [N, h, w] raw (unnormalised) saliency of every training sample at the feature layer */
  readonly maps: { data: Float32Array; shape: readonly number[] };
  /** [N, classes] softmax confidences */
  readonly confidences: { data: Float32Array; shape: readonly number[] };
  /** [N, 3] legibility of every map: contrast, blobs, Gini */
  readonly legibility: { data: Float32Array; shape: readonly number[] };
}

/**
 * The saliency stage's outputs: per checkpoint `saliency-<checkpoint>.bin`, `confidences-<checkpoint>.bin`,
 * `legibility-<checkpoint>.bin`, and `checkpoints.json` listing the checkpoint names in order (written last).
 */
export const saliencyArtifacts = {
  /** the per-checkpoint files, for checkpoint name `<checkpoint>` */
  files: [CHECKPOINTS, maps('<checkpoint>'), confidences('<checkpoint>'), legibility('<checkpoint>')],
  writeCheckpoint(dir: string, checkpoint: string, outputs: CheckpointSaliency): void {
    writeArrayArtifact(dir, maps(checkpoint), outputs.maps);
    writeArrayArtifact(dir, legibility(checkpoint), outputs.legibility);
    writeArrayArtifact(dir, confidences(checkpoint), outputs.confidences);
  },
  writeCheckpointNames(dir: string, names: readonly string[]): void {
    writeJsonArtifact(dir, CHECKPOINTS, { checkpoints: names });
  },
  /** the checkpoint names in training order */
  readCheckpointNames(saliencyStageDir: string): string[] {
    return readJsonArtifact<{ format: string; checkpoints: string[] }>(saliencyStageDir, CHECKPOINTS).checkpoints;
  },
  readMaps(saliencyStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(saliencyStageDir, maps(checkpoint));
  },
  readConfidences(saliencyStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(saliencyStageDir, confidences(checkpoint));
  },
  readLegibility(saliencyStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(saliencyStageDir, legibility(checkpoint));
  },
};
