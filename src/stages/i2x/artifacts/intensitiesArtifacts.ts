import { readArrayArtifact, writeArrayArtifact, type ArrayArtifactFile } from '../../artifactFiles.js';

const INTENSITIES: ArrayArtifactFile = { stage: 'intensities', file: 'intensities.bin', format: 'i2x-intensities-intensities/1', dtype: 'float32', axes: ['T', 'N', 'K'] };

/** The intensities stage's output: prototype intensity per checkpoint, sample and prototype (NaN where absent). */
export const intensitiesArtifacts = {
  files: [INTENSITIES],
  /** `shape` is [T, N, K] */
  write(dir: string, intensities: { data: Float32Array; shape: readonly [number, number, number] }): void {
    writeArrayArtifact(dir, INTENSITIES, intensities);
  },
  /** [T, N, K] float32 */
  read(intensitiesStageDir: string): { data: Float32Array; shape: number[] } {
    return readArrayArtifact(intensitiesStageDir, INTENSITIES);
  },
};
