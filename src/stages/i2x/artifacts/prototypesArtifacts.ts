import type { KMeansJson } from '../../../analysis/KMeans.js';
import type { PcaJson } from '../../../analysis/Pca.js';
import { readArrayArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const ASSIGNMENTS: ArrayArtifactFile = { stage: 'prototypes', file: 'assignments.bin', format: 'i2x-prototypes-assignments/1', dtype: 'int32', axes: ['N', 'h', 'w'] };
const PCA: ArtifactFile = { stage: 'prototypes', file: 'pca.json', format: 'i2x-prototypes-pca/1' };
const KMEANS: ArtifactFile = { stage: 'prototypes', file: 'kmeans.json', format: 'i2x-prototypes-kmeans/1' };

/** The prototype of every feature-map position of every training sample. */
export interface PrototypeAssignments {
  /** [N, h, w] int32 */
  readonly data: Int32Array;
  readonly samples: number;
  readonly height: number;
  readonly width: number;
}

/** The prototypes stage's output: `assignments.bin`, and the fitted PCA and k-means (kept for inspection). */
export const prototypesArtifacts = {
  files: [ASSIGNMENTS, PCA, KMEANS],
  write(dir: string, outputs: { assignments: PrototypeAssignments; pca: PcaJson; kmeans: KMeansJson }): void {
    const { data, samples, height, width } = outputs.assignments;
    writeArrayArtifact(dir, ASSIGNMENTS, { data, shape: [samples, height, width] });
    writeJsonArtifact(dir, PCA, { pca: outputs.pca });
    writeJsonArtifact(dir, KMEANS, { kmeans: outputs.kmeans });
  },
  readAssignments(prototypesStageDir: string): PrototypeAssignments {
    const { data, shape } = readArrayArtifact<Int32Array>(prototypesStageDir, ASSIGNMENTS);
    const [samples, height, width] = shape;
    return { data, samples, height, width };
  },
};
