import { readStageRecord } from '../StageRecord.js';

/**
 * The training images/s the train stage recorded in its summary (`trainImagesPerSecond`, written since issue 15),
 * read from its finished directory; null when the record predates it, the run imported its checkpoints or
 * trained nothing new (a resumed run with every checkpoint present), or the value is not a positive number.
 */
export function recordedTrainRate(trainStageDir: string): number | null {
  const value = readStageRecord(trainStageDir)?.summary?.trainImagesPerSecond;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
