import type { CurationReason } from '../../../finetune/Curation.js';
import { I2xError } from '../../../util/I2xError.js';
import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const RECORD: ArtifactFile = { stage: 'curation', file: 'curation.json', format: 'i2x-curation-record/1' };
const REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'removed.bin', format: 'i2x-curation-removed/1', dtype: 'uint8', axes: ['N'] };
const RANDOM_REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'random-removed.bin', format: 'i2x-curation-random-removed/1', dtype: 'uint8', axes: ['N'] };
const BASELINE_REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'baseline-removed.bin', format: 'i2x-curation-baseline-removed/1', dtype: 'uint8', axes: ['baselines', 'N'] };
/** with action 'mask': the curated set's and the random control's masked cells (sets = ['curated', 'random']); with 'remove', sets = 0 */
const MASKED_CELLS: ArrayArtifactFile = { stage: 'curation', file: 'masked-cells.bin', format: 'i2x-curation-masked-cells/1', dtype: 'uint8', axes: ['sets', 'N', 'h', 'w'] };
/** the rows of `masked-cells.bin` when the action is 'mask' */
const MASKED_SETS = ['curated', 'random'] as const;

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
  /** with action 'mask': the feature-map cells masked over all its samples (the curated set and the random control); else absent */
  maskedCells?: number;
  /** with action 'mask': the pixel values (pixels x channels) of those cells that masking changes (not already the background value) */
  changedValues?: number;
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
  removedSamples: { sample: number; label: number; reasons: CurationReason[]; score?: number; maskedCells?: number }[];
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
  /**
   * `finetune.curation.action`: 'remove' drops the selected samples (`removed.bin` = removed); 'mask' keeps every
   * sample and blanks the selected samples' cells of `masked-cells.bin` (`removed.bin` = selected, `removed` and
   * `removals[].removed` count the selected samples). Absent in records written before action existed (= remove).
   */
  action?: 'remove' | 'mask';
  /** with 'mask': the per-channel value painted over a masked cell (raw pixel units, src/data/backgroundValue.ts) and the feature map's [h, w] */
  mask?: { background: number[]; featureShape: { height: number; width: number } };
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
  /** with action 'mask': [N, h, w] uint8 masked cells of the curated set and of the random control; else empty */
  maskedCells: Map<'curated' | 'random', Uint8Array>;
}

/** The curation stage's outputs. */
export const curationArtifacts = {
  files: [RECORD, REMOVED, RANDOM_REMOVED, BASELINE_REMOVED, MASKED_CELLS],
  write(dir: string, outputs: CurationOutput): void {
    writeJsonArtifact(dir, RECORD, { ...outputs.record }, { pretty: true });
    writeArrayArtifact(dir, REMOVED, { data: outputs.removed, shape: [outputs.removed.length] });
    writeArrayArtifact(dir, RANDOM_REMOVED, { data: outputs.randomRemoved, shape: [outputs.randomRemoved.length] });
    const N = outputs.removed.length;
    const baselines = new Uint8Array(outputs.record.baselines.length * N);
    outputs.record.baselines.forEach((name, i) => baselines.set(outputs.baselineRemoved.get(name)!, i * N));
    writeArrayArtifact(dir, BASELINE_REMOVED, { data: baselines, shape: [outputs.record.baselines.length, N] });
    const shape = outputs.record.mask?.featureShape ?? { height: 0, width: 0 };
    const size = N * shape.height * shape.width;
    const sets = outputs.record.action === 'mask' ? MASKED_SETS : [];
    const masked = new Uint8Array(sets.length * size);
    sets.forEach((set, i) => masked.set(outputs.maskedCells.get(set)!, i * size));
    writeArrayArtifact(dir, MASKED_CELLS, { data: masked, shape: [sets.length, N, shape.height, shape.width] });
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
    const masked = readArrayArtifact<Uint8Array>(curationStageDir, MASKED_CELLS);
    const sets = record.action === 'mask' ? MASKED_SETS : [];
    const shape = record.mask?.featureShape ?? { height: 0, width: 0 };
    if (masked.shape[0] !== sets.length || masked.shape[1] !== N || masked.shape[2] !== shape.height || masked.shape[3] !== shape.width) {
      throw new I2xError('E_FINETUNE', `${curationStageDir}: ${MASKED_CELLS.file} is [${masked.shape.join(', ')}]; ${RECORD.file} says [${sets.length}, ${N}, ${shape.height}, ${shape.width}] (sets, samples, h, w). Re-run the curation stage.`);
    }
    const size = N * shape.height * shape.width;
    const maskedCells = new Map(sets.map((set, i) => [set, masked.data.subarray(i * size, (i + 1) * size)]));
    return { record, removed, randomRemoved, baselineRemoved, maskedCells };
  },
};
