import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const QUALITY: ArtifactFile = { stage: 'quality', file: 'quality.json', format: 'i2x-saliency-quality/1' };

/** One figure of `saliency_quality` (value null where the metric is undefined, e.g. Spearman of constant maps). */
export interface QualityValueRecord {
  checkpoint: number;
  method: string;
  metric: string;
  value: number | null;
}

/** One point of `saliency_quality_curves`. */
export interface QualityCurveRecord extends QualityValueRecord {
  step: number;
  fraction: number;
}

export interface QualityOutput {
  /** the training samples scored (indices in the prepared training split) */
  samples: number[];
  values: QualityValueRecord[];
  curves: QualityCurveRecord[];
}

/** The quality stage's output: every metric of every method (and baseline) at the scored checkpoints, with the curves. */
export const qualityArtifacts = {
  files: [QUALITY],
  write(dir: string, output: QualityOutput): void {
    const finite = (v: number | null) => (v === null || Number.isFinite(v) ? v : null);
    writeJsonArtifact(dir, QUALITY, {
      samples: output.samples,
      values: output.values.map((r) => ({ ...r, value: finite(r.value) })),
      curves: output.curves.map((r) => ({ ...r, value: finite(r.value) })),
    });
  },
  read(qualityStageDir: string): QualityOutput {
    const { samples, values, curves } = readJsonArtifact<{ format: string } & QualityOutput>(qualityStageDir, QUALITY);
    return { samples, values, curves };
  },
};
