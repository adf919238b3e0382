import { join } from 'node:path';
import { curate } from '../../finetune/curate.js';
import { randomControl } from '../../finetune/randomControl.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { I2xError } from '../../util/I2xError.js';
import { defineStage } from '../Stage.js';
import { curationArtifacts, type CurationRecord } from './artifacts/curationArtifacts.js';
import { explanationArtifacts } from './artifacts/explanationArtifacts.js';
import { intensitiesArtifacts } from './artifacts/intensitiesArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

/**
 * The curated training set of I2X: the training samples containing an uncertain prototype of a
 * `finetune.pairs` pair are removed (src/finetune/curate.ts says when a sample contains one), plus a random
 * control removing as many samples of each class. A curation that is degenerate (no uncertain prototypes,
 * a class emptied, more than `finetune.curation.maxRemovedFraction` removed) fails here with E_FINETUNE,
 * before any fine-tuning starts.
 */
export const curationStage = defineStage({
  name: 'curation',
  version: 2, // 2: its files carry format tags (curation.json's was 'i2x-curation/1')
  configKeys: ['finetune.curation', 'finetune.pairs', 'analysis.uncertain', 'data', 'seed'],
  uses: ['datasets'],
  inputs: ['train', 'prototypes', 'intensities', 'explanation'],
  async run(ctx) {
    const config = ctx.config;
    const { train } = ctx.datasets();
    const prototypes = prototypesArtifacts.readAssignments(ctx.inputDir('prototypes'));
    const intensities = intensitiesArtifacts.read(ctx.inputDir('intensities'));
    const [T, N, K] = intensities.shape;
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    if (prototypes.samples !== train.count || N !== train.count || T !== checkpoints.length) {
      throw new I2xError(
        'E_FINETUNE',
        `the analysis does not match this run: the prototype assignments have ${prototypes.samples} samples and the intensities [${intensities.shape.join(', ')}], ` +
          `but the training set has ${train.count} samples and the run ${checkpoints.length} checkpoints; re-run the analysis (i2x run) with this config.`,
      );
    }
    const uncertain = explanationArtifacts.readUncertain(ctx.inputDir('explanation'));
    const settings = config.finetune.curation;
    const pairs = config.finetune.pairs as [number, number][];
    const curation = curate({
      assignments: prototypes.data,
      positions: prototypes.height * prototypes.width,
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
    curationArtifacts.write(ctx.outputDir, { record, removed: curation.removed, randomRemoved });
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
