import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const RIDGE: ArtifactFile = { stage: 'ridge', file: 'ridge.json', format: 'i2x-ridge-fits/1' };

export interface RidgeFit {
  transition: number;
  /** HDBSCAN cluster, or ALL_SAMPLES_GROUP (-1) for all samples of the transition (noise included) */
  group: number;
  rows: number;
  r2: number;
  r2PerClass: number[];
  lambda: number;
  /** [K * C], row-major: beta[k * C + c] */
  beta: number[];
  intercept: number[];
  missingCells: number;
}

/** `ridge.json`: every fit of the run, with the sizes they were fitted at. */
export interface RidgeFits {
  prototypes: number;
  classes: number;
  transitions: number;
  checkpoints: string[];
  fits: RidgeFit[];
}

/** The ridge stage's output. */
export const ridgeArtifacts = {
  files: [RIDGE],
  write(dir: string, fits: RidgeFits): void {
    writeJsonArtifact(dir, RIDGE, { ...fits });
  },
  read(ridgeStageDir: string): RidgeFits {
    const { format: _format, ...fits } = readJsonArtifact<RidgeFits & { format: string }>(ridgeStageDir, RIDGE);
    return fits;
  },
};
