import { readArrayArtifact, writeArrayArtifact, type ArrayArtifactFile } from '../../artifactFiles.js';

const FEATURES: ArrayArtifactFile = { stage: 'features', file: 'features.bin', format: 'i2x-features-activations/1', dtype: 'float32', axes: ['N', 'h', 'w', 'C'] };

/** The final checkpoint's activations at the feature layer. */
export interface FeatureActivations {
  /** [N, h, w, C] float32, sample-major, then row, then column: one C-vector per position */
  readonly data: Float32Array;
  readonly samples: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** The features stage's output, `features.bin`. */
export const featuresArtifacts = {
  files: [FEATURES],
  write(dir: string, features: FeatureActivations): void {
    writeArrayArtifact(dir, FEATURES, { data: features.data, shape: [features.samples, features.height, features.width, features.channels] });
  },
  read(featuresStageDir: string): FeatureActivations {
    const { data, shape } = readArrayArtifact(featuresStageDir, FEATURES);
    const [samples, height, width, channels] = shape;
    return { data, samples, height, width, channels };
  },
};
