import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RandomisationExamples } from '../../../report/StageOutputs.js';
import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const QUALITY: ArtifactFile = { stage: 'quality', file: 'quality.json', format: 'i2x-saliency-quality/1' };
const EXAMPLES: ArtifactFile = { stage: 'quality', file: 'randomisation-examples.json', format: 'i2x-randomisation-examples/1' };
const exampleMaps = (method: string): ArrayArtifactFile => ({
  stage: 'quality', file: `randomisation-${method}.bin`, format: 'i2x-randomisation-maps/1', dtype: 'float32', axes: ['step', 'sample', 'h', 'w'],
});

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
  /** the cascade's maps of the first samples at the last scored checkpoint, per method (the report's pictures); null without mprt */
  examples: RandomisationExamples | null;
}

/**
 * The quality stage's output: every metric of every method (and baseline) at the scored checkpoints, with the
 * curves (`quality.json`); and, when the parameter randomisation ran, example maps of its steps
 * (`randomisation-examples.json` naming the samples, methods and steps, a `randomisation-<method>.bin` per method).
 */
export const qualityArtifacts = {
  files: [QUALITY, EXAMPLES, exampleMaps('<method>')],
  write(dir: string, output: QualityOutput): void {
    const finite = (v: number | null) => (v === null || Number.isFinite(v) ? v : null);
    if (output.examples) {
      const { checkpoint, samples, methods } = output.examples;
      for (const m of methods) writeArrayArtifact(dir, exampleMaps(m.method), { data: m.maps, shape: [m.layers.length + 1, samples.length, m.height, m.width] });
      writeJsonArtifact(dir, EXAMPLES, { checkpoint, samples, methods: methods.map(({ method, layers, height, width }) => ({ method, layers, height, width })) });
    }
    writeJsonArtifact(dir, QUALITY, {
      samples: output.samples,
      values: output.values.map((r) => ({ ...r, value: finite(r.value) })),
      curves: output.curves.map((r) => ({ ...r, value: finite(r.value) })),
    });
  },
  read(qualityStageDir: string): QualityOutput {
    const { samples, values, curves } = readJsonArtifact<{ format: string } & Omit<QualityOutput, 'examples'>>(qualityStageDir, QUALITY);
    return { samples, values, curves, examples: qualityArtifacts.readExamples(qualityStageDir) };
  },
  /** the example maps of the randomisation steps, or null when the stage kept none (no mprt, or an older output) */
  readExamples(qualityStageDir: string): RandomisationExamples | null {
    if (!existsSync(join(qualityStageDir, EXAMPLES.file))) return null;
    type Listed = { format: string; checkpoint: number; samples: number[]; methods: { method: string; layers: string[][]; height: number; width: number }[] };
    const { checkpoint, samples, methods } = readJsonArtifact<Listed>(qualityStageDir, EXAMPLES);
    return { checkpoint, samples, methods: methods.map((m) => ({ ...m, maps: readArrayArtifact(qualityStageDir, exampleMaps(m.method)).data })) };
  },
};
