import { join } from 'node:path';
import { curate } from '../../finetune/curate.js';
import { curationBudget } from '../../finetune/curationBudget.js';
import { randomControl } from '../../finetune/randomControl.js';
import { removeTopScored } from '../../finetune/removeTopScored.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { I2xError } from '../../util/I2xError.js';
import { defineStage } from '../Stage.js';
import { curationArtifacts, type CurationRecord, type CurationRemoval } from './artifacts/curationArtifacts.js';
import { explanationArtifacts } from './artifacts/explanationArtifacts.js';
import { intensitiesArtifacts } from './artifacts/intensitiesArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { scoresArtifacts } from './artifacts/scoresArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';
import { formatPercent } from '../../util/formatPercent.js';

/**
 * The curated training set of I2X: the training samples containing an uncertain prototype of a
 * `finetune.pairs` pair are removed (src/finetune/curate.ts says when a sample contains one), plus a random
 * control removing as many samples of each class. A curation that is degenerate (no uncertain prototypes,
 * a class emptied, more than `finetune.curation.maxRemovedFraction` removed) fails here with E_FINETUNE,
 * before any fine-tuning starts.
 *
 * Curation by score (docs/method.md, section 9): every removal takes the same number of samples of each class, the
 * budget (src/finetune/curationBudget.ts: the rule's per-class counts unless `finetune.curation.budget` is set).
 * With `finetune.curation.method` other than 'i2x' (or a configured budget) the curated set is the method's
 * highest-scored samples of each class (the scores stage's scores; src/finetune/removeTopScored.ts), and every
 * score of `finetune.curation.baselines` gets a set of its own for the strategy '<score>->full'. With `data.plant`,
 * the record says what fraction of each removal is planted.
 */
export const curationStage = defineStage({
  name: 'curation',
  version: 3, // 3: curation by score (method, budget, baseline-removed.bin, removals with planted fractions); 2: its files carry format tags (curation.json's was 'i2x-curation/1')
  configKeys: ['finetune.curation', 'finetune.pairs', 'analysis.uncertain', 'data', 'seed'],
  uses: ['datasets'],
  inputs: ['train', 'prototypes', 'intensities', 'explanation', 'scores'],
  async run(ctx) {
    const config = ctx.config;
    const { train, planted } = ctx.datasets();
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
    const budget = curationBudget({ labels: train.labels, classNames: train.classNames, ruleRemoved: curation.perClass.map((c) => c.removed), options: settings, pairs });
    const byRule = settings.method === 'i2x' && settings.budget === null;
    const scoresNeeded = [...(byRule ? [] : [settings.method]), ...settings.baselines];
    const scores = scoresNeeded.length === 0 ? null : scoresArtifacts.read(ctx.inputDir('scores')).scores;
    const byScore = (method: string): { removed: Uint8Array; scores: Float64Array } => {
      const values = scores!.get(method);
      if (!values) {
        throw new I2xError('E_FINETUNE', `finetune.curation asks for curation by '${method}', but the scores stage has ${[...scores!.keys()].join(', ')} ('tracin' needs a model with a final dense layer); choose another method or baseline.`);
      }
      return { removed: removeTopScored({ scores: values, labels: train.labels, budget, method }), scores: values };
    };
    const curated = byRule ? { removed: curation.removed, scores: null } : byScore(settings.method);
    const randomControlSeed = derivedSeed(config.seed, 'finetune-random-control', 0);
    const randomRemoved = randomControl(train.labels, budget, randomControlSeed);
    const baselineRemoved = new Map(settings.baselines.map((method) => [method, byScore(method).removed]));

    const plantedTrain = config.data.plant.length === 0 ? null : new Set(planted.filter((p) => p.split === 'train').map((p) => p.sample));
    const removal = (set: string, by: string, mask: Uint8Array): CurationRemoval => {
      const removedPerClass = train.classNames.map(() => 0);
      let removed = 0;
      let plantedRemoved = 0;
      for (let n = 0; n < N; n++) {
        if (!mask[n]) continue;
        removed++;
        removedPerClass[train.labels[n]]++;
        if (plantedTrain?.has(n)) plantedRemoved++;
      }
      const plantedCount = plantedTrain === null ? null : plantedRemoved;
      return { set, by, removed, removedPerClass, planted: plantedCount, plantedFraction: plantedCount === null || removed === 0 ? null : plantedCount / removed };
    };
    const removals = [
      removal('curated', byRule ? 'the i2x rule' : `top '${settings.method}' scores per class`, curated.removed),
      removal('random', 'uniform per class (seeded)', randomRemoved),
      ...settings.baselines.map((method) => removal(method, `top '${method}' scores per class`, baselineRemoved.get(method)!)),
    ];
    const removedCount = removals[0].removed;
    const removedSamples = byRule
      ? curation.removedSamples.map((s) => ({ sample: s.sample, label: train.labels[s.sample], reasons: s.reasons }))
      : Array.from(curated.removed.keys()).filter((n) => curated.removed[n]).map((n) => ({ sample: n, label: train.labels[n], reasons: [], score: curated.scores![n] }));

    const base = checkpoints[checkpoints.length - 1];
    const record: CurationRecord = {
      baseCheckpoint: { name: base.name, dir: base.dir },
      settings: { ...settings, pairs },
      samples: N,
      removed: removedCount,
      removedFraction: removedCount / N,
      prototypes: curation.perPrototype,
      perClass: curation.perClass.map((c, i) => ({ class: i, name: train.classNames[i], total: c.total, removed: removals[0].removedPerClass[i] })),
      randomControlSeed,
      removedSamples,
      method: settings.method,
      budget,
      baselines: [...settings.baselines],
      removals,
      plantedSamples: plantedTrain === null ? null : plantedTrain.size,
    };
    curationArtifacts.write(ctx.outputDir, { record, removed: curated.removed, randomRemoved, baselineRemoved });
    const planting = (r: CurationRemoval) => (r.plantedFraction === null ? '' : `, ${formatPercent(r.plantedFraction)} planted`);
    ctx.log(`removing ${removedCount} of ${N} samples (${formatPercent(removedCount / N)}) ${byRule ? `containing ${curation.perPrototype.map((p) => `p${p.prototype}`).join(', ')}` : `by '${settings.method}'`}${planting(removals[0])}`);
    for (const r of removals.slice(1)) ctx.log(`${r.set}: ${r.by}, ${r.removed} samples${planting(r)}`);
    return {
      summary: {
        removed: removedCount,
        samples: N,
        prototypes: curation.prototypes,
        removedPerClass: removals[0].removedPerClass,
        method: settings.method,
        removals: Object.fromEntries(removals.map((r) => [r.set, { removed: r.removed, planted: r.planted, plantedFraction: r.plantedFraction }])),
      },
    };
  },
});
