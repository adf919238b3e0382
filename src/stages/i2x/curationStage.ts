import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UncertainPrototype } from '../../analysis/uncertainPrototypes.js';
import { curate } from '../../finetune/curate.js';
import type { CurationReason } from '../../finetune/Curation.js';
import { randomControl } from '../../finetune/randomControl.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { atomicWrite } from '../../util/atomicWrite.js';
import { I2xError } from '../../util/I2xError.js';
import { readArrayFile, writeArrayFile } from '../../util/arrayFile.js';
import { defineStage } from '../Stage.js';
import { readRunCheckpoints } from './runCheckpoints.js';

const CURATION_FORMAT = 'i2x-curation/1';

/** `curation.json`: what was removed and why (the masks themselves are in `removed.bin` / `random-removed.bin`). */
export interface CurationRecord {
  format: typeof CURATION_FORMAT;
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

/**
 * The curated training set of I2X: the training samples containing an uncertain prototype of a
 * `finetune.pairs` pair are removed (src/finetune/curate.ts says when a sample contains one), plus a random
 * control removing as many samples of each class. A curation that is degenerate (no uncertain prototypes,
 * a class emptied, more than `finetune.curation.maxRemovedFraction` removed) fails here with E_FINETUNE,
 * before any fine-tuning starts.
 */
export const curationStage = defineStage({
  name: 'curation',
  version: 1,
  configKeys: ['finetune.curation', 'finetune.pairs', 'analysis.uncertain', 'data', 'seed'],
  uses: ['datasets'],
  inputs: ['train', 'prototypes', 'intensities', 'explanation'],
  async run(ctx) {
    const config = ctx.config;
    const { train } = ctx.datasets();
    const { data: assignments, shape } = readArrayFile<Int32Array>(join(ctx.inputDir('prototypes'), 'assignments.bin'));
    const intensities = readArrayFile(join(ctx.inputDir('intensities'), 'intensities.bin'));
    const [T, N, K] = intensities.shape;
    const checkpoints = readRunCheckpoints(ctx.inputDir('train'));
    if (shape[0] !== train.count || N !== train.count || T !== checkpoints.length) {
      throw new I2xError(
        'E_FINETUNE',
        `the analysis does not match this run: assignments.bin has ${shape[0]} samples and intensities.bin [${intensities.shape.join(', ')}], ` +
          `but the training set has ${train.count} samples and the run ${checkpoints.length} checkpoints; re-run the analysis (i2x run) with this config.`,
      );
    }
    const uncertain = JSON.parse(readFileSync(join(ctx.inputDir('explanation'), 'uncertain.json'), 'utf8')) as UncertainPrototype[];
    const settings = config.finetune.curation;
    const pairs = config.finetune.pairs as [number, number][];
    const curation = curate({
      assignments,
      positions: shape[1] * shape[2],
      labels: train.labels,
      classNames: train.classNames,
      prototypes: K,
      uncertain,
      pairs,
      finalIntensities: intensities.data.subarray((T - 1) * N * K, T * N * K),
      options: settings,
    });
    const randomControlSeed = derivedSeed(config.seed, 'finetune-random-control', 0);
    const randomRemoved = randomControl(train.labels, curation.perClass.map((c) => c.removed), randomControlSeed);

    const base = checkpoints[checkpoints.length - 1];
    const record: CurationRecord = {
      format: CURATION_FORMAT,
      baseCheckpoint: { name: base.name, dir: base.dir },
      settings: { ...settings, pairs },
      samples: N,
      removed: curation.removedCount,
      removedFraction: curation.removedCount / N,
      prototypes: curation.perPrototype,
      perClass: curation.perClass.map((c, i) => ({ class: i, name: train.classNames[i], ...c })),
      randomControlSeed,
      removedSamples: curation.removedSamples.map((s) => ({ sample: s.sample, label: train.labels[s.sample], reasons: s.reasons })),
    };
    atomicWrite(join(ctx.outputDir, 'curation.json'), JSON.stringify(record, null, 2));
    writeArrayFile(join(ctx.outputDir, 'removed.bin'), curation.removed, [N]);
    writeArrayFile(join(ctx.outputDir, 'random-removed.bin'), randomRemoved, [N]);
    ctx.log(`removing ${curation.removedCount} of ${N} samples (${((100 * curation.removedCount) / N).toFixed(1)}%) containing ${curation.perPrototype.map((p) => `p${p.prototype}`).join(', ')}`);
    return {
      summary: {
        removed: curation.removedCount,
        samples: N,
        prototypes: curation.prototypes,
        removedPerClass: curation.perClass.map((c) => c.removed),
      },
    };
  },
});

/** Reads the curation stage's outputs (a file that does not match the record is refused). */
export function readCuration(curationStageDir: string): CurationOutput {
  const path = join(curationStageDir, 'curation.json');
  const record = JSON.parse(readFileSync(path, 'utf8')) as CurationRecord;
  if (record.format !== CURATION_FORMAT) {
    throw new I2xError('E_FINETUNE', `${path}: format '${String(record.format)}'; expected '${CURATION_FORMAT}'. Re-run the curation stage.`);
  }
  const removed = readArrayFile<Uint8Array>(join(curationStageDir, 'removed.bin')).data;
  const randomRemoved = readArrayFile<Uint8Array>(join(curationStageDir, 'random-removed.bin')).data;
  if (removed.length !== record.samples || randomRemoved.length !== record.samples) {
    throw new I2xError('E_FINETUNE', `${curationStageDir}: the removal masks hold ${removed.length} / ${randomRemoved.length} flags; curation.json says ${record.samples} samples. Re-run the curation stage.`);
  }
  return { record, removed, randomRemoved };
}
