import type { CurationReason } from '../../../finetune/Curation.js';
import { I2xError } from '../../../util/I2xError.js';
import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const RECORD: ArtifactFile = { stage: 'curation', file: 'curation.json', format: 'i2x-curation-record/1' };
const REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'removed.bin', format: 'i2x-curation-removed/1', dtype: 'uint8', axes: ['N'] };
const RANDOM_REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'random-removed.bin', format: 'i2x-curation-random-removed/1', dtype: 'uint8', axes: ['N'] };
const BASELINE_REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'baseline-removed.bin', format: 'i2x-curation-baseline-removed/1', dtype: 'uint8', axes: ['baselines', 'N'] };

/** One removal the fine-tuning can train on: the curated set, the random control or a baseline score's set. */
export interface CurationRemoval {
  /** 'curated', 'random', or the baseline score's name */
  set: string;
  /** how the samples were chosen: the i2x rule, a score's top per class, or the seeded random draw */
  by: string;
  removed: number;
  /** [C] removed samples of each class (the same in every removal: the budget) */
  removedPerClass: number[];
  /** with data.plant: how many of the removed samples are planted training samples, and their fraction; else null */
  planted: number | null;
  plantedFraction: number | null;
}

/** `curation.json`: what was removed and why (the masks themselves are in `removed.bin`, `random-removed.bin` and `baseline-removed.bin`). */
export interface CurationRecord {
  /** the checkpoint fine-tuning starts from, whose intensities were used */
  baseCheckpoint: { name: string; dir: string };
  settings: {
    minArea: number;
    intensityThreshold: number | null;
    maxRemovedFraction: number;
    pairs: [number, number][];
    classes?: 'all' | 'pair';
    method?: string;
    baselines?: string[];
    budget?: { count: number } | { fraction: number } | null;
  };
  samples: number;
  removed: number;
  removedFraction: number;
  /** the uncertain prototypes used and how many samples contain each */
  prototypes: { prototype: number; samples: number }[];
  perClass: { class: number; name: string; total: number; removed: number }[];
  /** the seed of the random control, which removes the same number of samples per class, uniformly within each */
  randomControlSeed: number;
  /**
   * the curated set's samples, ascending: with method 'i2x' and no configured budget the rule's removals with the
   * uncertain prototypes they contain; otherwise `reasons` is empty and `score` is the method's score
   */
  removedSamples: { sample: number; label: number; reasons: CurationReason[]; score?: number }[];
  /** which ranking the curated set removes by (`finetune.curation.method`) */
  method: string;
  /** [C] samples of each class that every removal takes */
  budget: number[];
  /** the rows of `baseline-removed.bin` (`finetune.curation.baselines`) */
  baselines: string[];
  /** the curated set, the random control and every baseline, with how many planted samples each removes */
  removals: CurationRemoval[];
  /** with data.plant: planted training samples (the `planted` table's split 'train', each sample once); else null */
  plantedSamples: number | null;
}

/** What the curation stage left in its directory. */
export interface CurationOutput {
  record: CurationRecord;
  /** [N] uint8, 1 = removed from the curated set */
  removed: Uint8Array;
  /** [N] uint8, 1 = removed from the random control set */
  randomRemoved: Uint8Array;
  /** per baseline score of `record.baselines`: [N] uint8, 1 = removed from its set */
  baselineRemoved: Map<string, Uint8Array>;
}

/** The curation stage's outputs. */
export const curationArtifacts = {
  files: [RECORD, REMOVED, RANDOM_REMOVED, BASELINE_REMOVED],
  write(dir: string, outputs: CurationOutput): void {
    writeJsonArtifact(dir, RECORD, { ...outputs.record }, { pretty: true });
    writeArrayArtifact(dir, REMOVED, { data: outputs.removed, shape: [outputs.removed.length] });
    writeArrayArtifact(dir, RANDOM_REMOVED, { data: outputs.randomRemoved, shape: [outputs.randomRemoved.length] });
    const N = outputs.removed.length;
    const baselines = new Uint8Array(outputs.record.baselines.length * N);
    outputs.record.baselines.forEach((name, i) => baselines.set(outputs.baselineRemoved.get(name)!, i * N));
    writeArrayArtifact(dir, BASELINE_REMOVED, { data: baselines, shape: [outputs.record.baselines.length, N] });
  },
  /** The record and every mask; masks of another length than the record's samples are refused. */
  read(curationStageDir: string): CurationOutput {
    const { format: _format, ...record } = readJsonArtifact<CurationRecord & { format: string }>(curationStageDir, RECORD);
    const removed = readArrayArtifact<Uint8Array>(curationStageDir, REMOVED).data;
    const randomRemoved = readArrayArtifact<Uint8Array>(curationStageDir, RANDOM_REMOVED).data;
    if (removed.length !== record.samples || randomRemoved.length !== record.samples) {
      throw new I2xError('E_FINETUNE', `${curationStageDir}: the removal masks hold ${removed.length} / ${randomRemoved.length} flags; ${RECORD.file} says ${record.samples} samples. Re-run the curation stage.`);
    }
    const baselines = readArrayArtifact<Uint8Array>(curationStageDir, BASELINE_REMOVED);
    if (baselines.shape[0] !== record.baselines.length || baselines.shape[1] !== record.samples) {
      throw new I2xError('E_FINETUNE', `${curationStageDir}: ${BASELINE_REMOVED.file} is [${baselines.shape.join(', ')}]; ${RECORD.file} says [${record.baselines.length}, ${record.samples}] (baselines, samples). Re-run the curation stage.`);
    }
    const N = record.samples;
    const baselineRemoved = new Map(record.baselines.map((name, i) => [name, baselines.data.subarray(i * N, (i + 1) * N)]));
    return { record, removed, randomRemoved, baselineRemoved };
  },
};
