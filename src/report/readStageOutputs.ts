import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I2xError } from '../util/I2xError.js';
import { readArrayFile } from '../util/arrayFile.js';

/** The stage outputs the report draws from (read lazily per checkpoint: the maps of a large run are big). */
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

/** Opens a run's saliency and prototypes stage outputs under `runDir`; an error names the missing file. */
export function readStageOutputs(runDir: string): StageOutputs {
  const saliencyDir = join(runDir, 'saliency');
  const namesFile = join(saliencyDir, 'checkpoints.json');
  const assignmentsFile = join(runDir, 'prototypes', 'assignments.bin');
  for (const file of [namesFile, assignmentsFile]) {
    if (!existsSync(file)) {
      throw new I2xError('E_REPORT', `${file} is missing: the report draws from the run's saliency and prototypes stage outputs; run the pipeline (i2x run <config>) first`);
    }
  }
  const checkpointNames = JSON.parse(readFileSync(namesFile, 'utf8')) as string[];
  const { data: assignments, shape } = readArrayFile<Int32Array>(assignmentsFile);
  const [samples, mapHeight, mapWidth] = shape;
  return {
    checkpointNames,
    assignments,
    samples,
    mapHeight,
    mapWidth,
    saliencyAt: (t) => {
      const file = join(saliencyDir, `saliency-${checkpointNames[t]}.bin`);
      const { data, shape: mapShape } = readArrayFile(file);
      if (mapShape[0] !== samples || mapShape[1] !== mapHeight || mapShape[2] !== mapWidth) {
        throw new I2xError('E_REPORT', `${file} has shape [${mapShape.join(', ')}], but ${assignmentsFile} is [${shape.join(', ')}]; re-run the pipeline so both come from the same run`);
      }
      return data;
    },
  };
}
