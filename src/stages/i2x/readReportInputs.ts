import type { StageOutputs } from '../../report/StageOutputs.js';
import { I2xError } from '../../util/I2xError.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { qualityArtifacts } from './artifacts/qualityArtifacts.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';

/**
 * Opens a run's saliency and prototypes stage outputs for the report, and the quality stage's example maps when
 * `qualityDir` is given (none kept: null); a missing or out-of-date file is an E_ARTIFACT error naming it and the
 * stage to re-run.
 */
export function readReportInputs({ saliencyDir, prototypesDir, qualityDir }: { saliencyDir: string; prototypesDir: string; qualityDir?: string }): StageOutputs {
  const checkpointNames = saliencyArtifacts.readCheckpointNames(saliencyDir);
  const { data: assignments, samples, height: mapHeight, width: mapWidth } = prototypesArtifacts.readAssignments(prototypesDir);
  return {
    checkpointNames,
    assignments,
    samples,
    mapHeight,
    mapWidth,
    randomisationExamples: () => (qualityDir === undefined ? null : qualityArtifacts.readExamples(qualityDir)),
    saliencyAt: (t) => {
      const { data, shape } = saliencyArtifacts.readMaps(saliencyDir, checkpointNames[t]);
      if (shape[0] !== samples || shape[1] !== mapHeight || shape[2] !== mapWidth) {
        throw new I2xError(
          'E_REPORT',
          `the saliency maps of checkpoint '${checkpointNames[t]}' in ${saliencyDir} have shape [${shape.join(', ')}], but the prototype assignments in ${prototypesDir} are [${samples}, ${mapHeight}, ${mapWidth}]; re-run the pipeline so both come from the same run`,
        );
      }
      return data;
    },
  };
}
