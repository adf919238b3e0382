import type { StructuredExplanation } from '../../../analysis/structuredExplanation.js';
import type { UncertainPrototype } from '../../../analysis/uncertainPrototypes.js';
import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const EXPLANATION: ArtifactFile = { stage: 'explanation', file: 'explanation.json', format: 'i2x-explanation-structured/1' };
const UNCERTAIN: ArtifactFile = { stage: 'explanation', file: 'uncertain.json', format: 'i2x-explanation-uncertain/1' };

/** The explanation stage's outputs: the structured explanation and the uncertain prototypes. */
export const explanationArtifacts = {
  files: [EXPLANATION, UNCERTAIN],
  write(dir: string, outputs: { explanation: StructuredExplanation; uncertain: UncertainPrototype[] }): void {
    writeJsonArtifact(dir, EXPLANATION, { explanation: outputs.explanation });
    writeJsonArtifact(dir, UNCERTAIN, { uncertain: outputs.uncertain }, { pretty: true });
  },
  readExplanation(explanationStageDir: string): StructuredExplanation {
    return readJsonArtifact<{ format: string; explanation: StructuredExplanation }>(explanationStageDir, EXPLANATION).explanation;
  },
  readUncertain(explanationStageDir: string): UncertainPrototype[] {
    return readJsonArtifact<{ format: string; uncertain: UncertainPrototype[] }>(explanationStageDir, UNCERTAIN).uncertain;
  },
};
