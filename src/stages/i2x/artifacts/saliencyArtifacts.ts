import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const CHECKPOINTS: ArtifactFile = { stage: 'saliency', file: 'checkpoints.json', format: 'i2x-saliency-checkpoints/1' };
const maps = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `saliency-${checkpoint}.bin`, format: 'i2x-saliency-maps/1', dtype: 'float32', axes: ['N', 'h', 'w'] });
const confidences = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `confidences-${checkpoint}.bin`, format: 'i2x-saliency-confidences/1', dtype: 'float32', axes: ['N', 'classes'] });
const logits = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `logits-${checkpoint}.bin`, format: 'i2x-saliency-logits/1', dtype: 'float32', axes: ['N', 'classes'] });
const headInputs = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `head-inputs-${checkpoint}.bin`, format: 'i2x-saliency-head-inputs/1', dtype: 'float32', axes: ['N', 'features'] });
const legibility = (checkpoint: string): ArrayArtifactFile => ({ stage: 'saliency', file: `legibility-${checkpoint}.bin`, format: 'i2x-saliency-legibility/1', dtype: 'float32', axes: ['N', 'contrast|blobs|gini'] });

/** What the saliency stage wrote for one checkpoint. */
export interface CheckpointSaliency {
  /** [N, h, w] raw (unnormalised) saliency of every training sample at the feature layer */
  readonly maps: { data: Float32Array; shape: readonly number[] };
  /** [N, classes] softmax confidences */
  readonly confidences: { data: Float32Array; shape: readonly number[] };
  /** [N, 3] legibility of every map: contrast, blobs, Gini */
  readonly legibility: { data: Float32Array; shape: readonly number[] };
  /** [N, classes] the logits the confidences are the softmax of (margins: AUM) */
  readonly logits: { data: Float32Array; shape: readonly number[] };
  /** [N, D] the final dense layer's input (penultimate activations: TracIn); null for a model without that layer */
  readonly headInputs: { data: Float32Array; shape: readonly number[] } | null;
}

/**
 * The saliency stage's outputs: per checkpoint `saliency-<checkpoint>.bin`, `confidences-<checkpoint>.bin`,
 * `logits-<checkpoint>.bin`, `head-inputs-<checkpoint>.bin` (when the model ends in a dense layer),
 * `legibility-<checkpoint>.bin`, and `checkpoints.json` listing the checkpoint names in order (written last).
 */
export const saliencyArtifacts = {
  /** the per-checkpoint files, for checkpoint name `<checkpoint>` */
  files: [CHECKPOINTS, maps('<checkpoint>'), confidences('<checkpoint>'), logits('<checkpoint>'), headInputs('<checkpoint>'), legibility('<checkpoint>')],
  writeCheckpoint(dir: string, checkpoint: string, outputs: CheckpointSaliency): void {
    writeArrayArtifact(dir, maps(checkpoint), outputs.maps);
    writeArrayArtifact(dir, legibility(checkpoint), outputs.legibility);
    writeArrayArtifact(dir, logits(checkpoint), outputs.logits);
    if (outputs.headInputs) writeArrayArtifact(dir, headInputs(checkpoint), outputs.headInputs);
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
  readLogits(saliencyStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(saliencyStageDir, logits(checkpoint));
  },
  /** the penultimate activations, or null when the run's model has no final dense layer (none were written) */
  readHeadInputs(saliencyStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } | null {
    const file = headInputs(checkpoint);
    return existsSync(join(saliencyStageDir, file.file)) ? readArrayArtifact(saliencyStageDir, file) : null;
  },
  readLegibility(saliencyStageDir: string, checkpoint: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(saliencyStageDir, legibility(checkpoint));
  },
};
