import type { RandomisationExampleMaps } from '../explain/quality/scoreSaliencyQuality.js';

/**
 * The stage outputs the report draws from (read lazily per checkpoint: the maps of a large run are big).
 * The report sits below the stages, so it does not read their files itself: the caller passes a reader
 * (src/stages/i2x/readReportInputs.ts, through the saliency and prototypes stages' artifact modules).
 */
export interface StageOutputs {
  /** checkpoint names in order, e.g. 'step-000120' */
  readonly checkpointNames: readonly string[];
  /** [N, mapHeight * mapWidth] prototype of every position */
  readonly assignments: Int32Array;
  readonly samples: number;
  readonly mapHeight: number;
  readonly mapWidth: number;
  /** [N, mapHeight * mapWidth] raw saliency of checkpoint t */
  readonly saliencyAt: (t: number) => Float32Array;
  /** the quality stage's example maps of the cascading randomisation; null (or absent) when it kept none */
  readonly randomisationExamples?: () => RandomisationExamples | null;
}

/** Example maps of the cascading parameter randomisation (issue 16, quality stage): a few samples, every step, per method. */
export interface RandomisationExamples {
  /** the scored checkpoint they are of (the last one scored) */
  readonly checkpoint: number;
  /** the training samples of the rows (indices in the prepared training split) */
  readonly samples: readonly number[];
  readonly methods: readonly RandomisationExampleMaps[];
}
