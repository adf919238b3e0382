import type { I2xConfig } from '../../../config/configSchema.js';
import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const COMPARE: ArtifactFile = { stage: 'compare', file: 'compare.json', format: 'i2x-compare-methods/1' };

export interface ComparedMethod {
  method: I2xConfig['analysis']['saliency']['method'];
  /** index of the checkpoint scored (the final one) */
  checkpoint: number;
  samples: number;
  contrast: number[];
  blobs: number[];
  gini: number[];
  /** LRP only: per cut layer, relevance sum vs explained logit, averaged over the samples */
  conservation: { layer: string; relevanceSum: number; logit: number; deviation: number }[];
}

/** The compare stage's output: the legibility (and LRP conservation) of every compared saliency method. */
export const compareArtifacts = {
  files: [COMPARE],
  write(dir: string, methods: readonly ComparedMethod[]): void {
    writeJsonArtifact(dir, COMPARE, { methods });
  },
  read(compareStageDir: string): ComparedMethod[] {
    return readJsonArtifact<{ format: string; methods: ComparedMethod[] }>(compareStageDir, COMPARE).methods;
  },
};
