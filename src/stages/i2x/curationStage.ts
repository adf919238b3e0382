import { join } from 'node:path';
import { backgroundValue } from '../../data/backgroundValue.js';
import { curate } from '../../finetune/curate.js';
import { curationBudget } from '../../finetune/curationBudget.js';
import { randomMaskedCells, ruleMaskedCells } from '../../finetune/maskedCells.js';
import { maskChangedValues } from '../../finetune/maskedSamples.js';
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
 *
 * With `finetune.curation.action: mask` (docs/method.md, section 9) the same samples are selected, but kept: the
 * curated set masks each selected sample's cells of the uncertain prototypes it was selected for, and the random
 * control masks as many cells in each of its samples (same per-class sample counts) at seeded random positions;
 * `masked-cells.bin` holds both, `curation.json` the background value and each sample's masked-cell count.
 */
export const curationStage = defineStage({
  name: 'curation',
  version: 4, // 4: finetune.curation.action (mask: masked-cells.bin, record.action, record.mask); 3: curation by score (method, budget, baseline-removed.bin, removals with planted fractions); 2: its files carry format tags (curation.json's was 'i2x-curation/1')
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
    // the mask action: only the rule's selection says which cells (the config refuses mask with a score or budget)
    const masking = settings.action === 'mask';
    const featureShape = { height: prototypes.height, width: prototypes.width };
    const positions = featureShape.height * featureShape.width;
    const maskedCells = new Map<'curated' | 'random', Uint8Array>();
    const background = masking ? backgroundValue(train) : null;
    if (masking) {
      const curatedCells = ruleMaskedCells({ assignments: prototypes.data, positions, selected: curation.removedSamples });
      maskedCells.set('curated', curatedCells);
      const randomMaskSeed = derivedSeed(config.seed, 'finetune-random-mask', 0);
      maskedCells.set('random', randomMaskedCells({ labels: train.labels, curatedCells, positions, randomSamples: randomRemoved, seed: randomMaskSeed }));
    }
    const cellsOf = (set: 'curated' | 'random', n: number) => maskedCells.get(set)!.subarray(n * positions, (n + 1) * positions).reduce((sum, flag) => sum + flag, 0);

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
      const cells =
        masking && (set === 'curated' || set === 'random')
          ? {
              maskedCells: maskedCells.get(set)!.reduce((sum, flag) => sum + flag, 0),
              changedValues: maskChangedValues({ source: train, cells: maskedCells.get(set)!, featureShape, background: background! }),
            }
          : {};
      return { set, by, removed, removedPerClass, planted: plantedCount, plantedFraction: plantedCount === null || removed === 0 ? null : plantedCount / removed, ...cells };
    };
    const removals = [
      removal('curated', byRule ? 'the i2x rule' : `top '${settings.method}' scores per class`, curated.removed),
      removal('random', masking ? 'uniform per class (seeded), each masking as many cells as a curated sample of its class, at seeded random cells' : 'uniform per class (seeded)', randomRemoved),
      ...settings.baselines.map((method) => removal(method, `top '${method}' scores per class`, baselineRemoved.get(method)!)),
    ];
    const removedCount = removals[0].removed;
    const removedSamples = byRule
      ? curation.removedSamples.map((s) => ({ sample: s.sample, label: train.labels[s.sample], reasons: s.reasons, ...(masking ? { maskedCells: cellsOf('curated', s.sample) } : {}) }))
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
      action: settings.action,
      ...(masking ? { mask: { background: background!, featureShape } } : {}),
    };
    curationArtifacts.write(ctx.outputDir, { record, removed: curated.removed, randomRemoved, baselineRemoved, maskedCells });
    const planting = (r: CurationRemoval) => (r.plantedFraction === null ? '' : `, ${formatPercent(r.plantedFraction)} planted`);
    const masked = (r: CurationRemoval) => (r.maskedCells === undefined ? '' : `, ${r.maskedCells} cells masked (${r.changedValues} pixel values changed)`);
    ctx.log(`${masking ? 'masking' : 'removing'} ${removedCount} of ${N} samples (${formatPercent(removedCount / N)}) ${byRule ? `containing ${curation.perPrototype.map((p) => `p${p.prototype}`).join(', ')}` : `by '${settings.method}'`}${masked(removals[0])}${planting(removals[0])}`);
    for (const r of removals.slice(1)) ctx.log(`${r.set}: ${r.by}, ${r.removed} samples${masked(r)}${planting(r)}`);
    return {
      summary: {
        removed: removedCount,
        samples: N,
        prototypes: curation.prototypes,
        removedPerClass: removals[0].removedPerClass,
        method: settings.method,
        action: settings.action,
        removals: Object.fromEntries(removals.map((r) => [r.set, { removed: r.removed, planted: r.planted, plantedFraction: r.plantedFraction, ...(r.maskedCells === undefined ? {} : { maskedCells: r.maskedCells, changedValues: r.changedValues }) }])),
      },
    };
  },
});
