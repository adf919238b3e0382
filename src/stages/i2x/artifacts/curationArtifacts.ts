import type { CurationReason } from '../../../finetune/Curation.js';
import { I2xError } from '../../../util/I2xError.js';
import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const RECORD: ArtifactFile = { stage: 'curation', file: 'curation.json', format: 'i2x-curation-record/1' };
const REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'removed.bin', format: 'i2x-curation-removed/1', dtype: 'uint8', axes: ['N'] };
const RANDOM_REMOVED: ArrayArtifactFile = { stage: 'curation', file: 'random-removed.bin', format: 'i2x-curation-random-removed/1', dtype: 'uint8', axes: ['N'] };

/** `curation.json`: what was removed and why (the masks themselves are in `removed.bin` / `random-removed.bin`). */
export interface CurationRecord {
  /** the checkpoint fine-tuning starts from, whose intensities were used */
  baseCheckpoint: { name: string; dir: string };
  settings: { minArea: number; intensityThreshold: number | null; maxRemovedFraction: number; pairs: [number, number][] };
  samples: number;
  removed: number;
  removedFraction: number;
  /** the uncertain prototypes used and how many samples contain each */
  prototypes: { prototype: number; samples: number }[];
  perClass: { class: number; name: string; total: number; removed: number }[];
  /** the seed of the random control, which removes the same number of samples per class, uniformly within each */
  randomControlSeed: number;
  removedSamples: { sample: number; label: number; reasons: CurationReason[] }[];
}

/** What the curation stage left in its directory. */
export interface CurationOutput {
  record: CurationRecord;
  /** [N] uint8, 1 = removed from the curated set */
  removed: Uint8Array;
  /** [N] uint8, 1 = removed from the random control set */
  randomRemoved: Uint8Array;
}

/** The curation stage's outputs. */
export const curationArtifacts = {
  files: [RECORD, REMOVED, RANDOM_REMOVED],
  write(dir: string, outputs: CurationOutput): void {
    writeJsonArtifact(dir, RECORD, { ...outputs.record }, { pretty: true });
    writeArrayArtifact(dir, REMOVED, { data: outputs.removed, shape: [outputs.removed.length] });
    writeArrayArtifact(dir, RANDOM_REMOVED, { data: outputs.randomRemoved, shape: [outputs.randomRemoved.length] });
  },
  /** The record and both masks; masks of another length than the record's samples are refused. */
  read(curationStageDir: string): CurationOutput {
    const { format: _format, ...record } = readJsonArtifact<CurationRecord & { format: string }>(curationStageDir, RECORD);
    const removed = readArrayArtifact<Uint8Array>(curationStageDir, REMOVED).data;
    const randomRemoved = readArrayArtifact<Uint8Array>(curationStageDir, RANDOM_REMOVED).data;
    if (removed.length !== record.samples || randomRemoved.length !== record.samples) {
      throw new I2xError('E_FINETUNE', `${curationStageDir}: the removal masks hold ${removed.length} / ${randomRemoved.length} flags; ${RECORD.file} says ${record.samples} samples. Re-run the curation stage.`);
    }
    return { record, removed, randomRemoved };
  },
};
