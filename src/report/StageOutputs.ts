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
}
