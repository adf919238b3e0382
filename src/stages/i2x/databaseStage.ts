import { join } from 'node:path';
import { prototypeClassShares } from '../../analysis/prototypeClassShares.js';
import { configSchema, type I2xConfig } from '../../config/configSchema.js';
import { readCheckpointMeta } from '../../models/readCheckpointMeta.js';
import { I2xStore } from '../../store/I2xStore.js';
import type { TableName } from '../../store/schema.js';
import {
  writeCheckpoints, writeConfidenceGroups, writeConfusions, writePredictions, writePrototypeAreas,
  writePrototypeIntensity, writePrototypes, writeRidgeCoefficients, writeLrpConservation, writePlanted, writeRidgeFits, writeRun, writeSaliencyMetrics, writeSaliencyQuality, writeSampleScores,
  writeSamples, writeScorecard, writeTestPredictions, writeUncertainPrototypes,
} from '../../store/index.js';
import { defineStage } from '../Stage.js';
import { compareArtifacts } from './artifacts/compareArtifacts.js';
import { detectionArtifacts } from './artifacts/detectionArtifacts.js';
import { predictionsArtifacts } from './artifacts/predictionsArtifacts.js';
import { scoresArtifacts } from './artifacts/scoresArtifacts.js';
import { explanationArtifacts } from './artifacts/explanationArtifacts.js';
import { groupsArtifacts } from './artifacts/groupsArtifacts.js';
import { intensitiesArtifacts } from './artifacts/intensitiesArtifacts.js';
import { qualityArtifacts } from './artifacts/qualityArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { ridgeArtifacts } from './artifacts/ridgeArtifacts.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';
import { readStoreValue } from './readStoreValue.js';

/** The tables whose rows of a run this stage owns (the checkpoints' confusions, not fine-tuning's). */
const OWNED: readonly { table: TableName; filter: Record<string, string> }[] = [
  { table: 'checkpoints', filter: {} }, { table: 'confusions', filter: { source: 'checkpoint' } }, { table: 'samples', filter: {} },
  { table: 'prototype_areas', filter: {} }, { table: 'prototypes', filter: {} }, { table: 'predictions', filter: {} },
  { table: 'prototype_intensity', filter: {} }, { table: 'saliency_metrics', filter: {} }, { table: 'confidence_groups', filter: {} },
  { table: 'ridge_fits', filter: {} }, { table: 'ridge_coefficients', filter: {} }, { table: 'uncertain_prototypes', filter: {} },
  { table: 'lrp_conservation', filter: {} }, { table: 'planted', filter: {} }, { table: 'sample_scores', filter: {} },
  { table: 'detection_scores', filter: { arm: 'planted' } }, { table: 'detection_curves', filter: { arm: 'planted' } },
  { table: 'prototype_plant_shares', filter: { arm: 'planted' } }, { table: 'test_predictions', filter: { source: 'checkpoint' } },
  { table: 'saliency_quality', filter: {} }, { table: 'saliency_quality_curves', filter: {} }, { table: 'runs', filter: {} },
];

/**
 * Loads every result of the run into DuckDB (`store.path`), keyed by run id: checkpoints and their test
 * confusion matrices, samples, per-checkpoint confidences, prototypes and per-sample areas, prototype
 * intensities, legibility of every saliency map (and of the compared methods, with LRP conservation),
 * confidence groups, ridge fits and coefficients, uncertain prototypes, the samples `data.plant` changed, every
 * sample's suspicion scores, the run's own (planted) arm of the scorecard, every test sample's prediction at
 * every checkpoint, and the saliency quality figures and curves (quality stage).
 *
 * All of it is one transaction: the run's previous rows in these tables are deleted and the new ones written,
 * the `runs` row last, carrying this stage's fingerprint. A kill or error in the middle leaves the previous rows
 * as they were, and a run never lists as analysed with partial tables. The `runs` row holds the whole resolved
 * config, so the stage keys on every config key (`i2x diff` and the report read the config from there).
 * Its outputs are in the store: when the store, or this run's `runs` row with this fingerprint, is gone, the
 * stage is stale.
 */
export const databaseStage = defineStage({
  name: 'database',
  version: 8, // 8: the scorecard's within-label rows (detection_scores / detection_curves.within_label); 4: prototypes.class_samples and dominant_classes (ties); 5: one transaction, runs row last with the fingerprint, keyed on the whole config; 6: the planted table (data.plant); 7: sample_scores, the planted arm of the scorecard, test_predictions, saliency_quality and its curves (quality stage)
  // the whole config: it is stored in runs.config_json
  configKeys: Object.keys(configSchema.shape) as (keyof I2xConfig)[],
  uses: ['datasets'],
  inputs: ['train', 'prototypes', 'saliency', 'intensities', 'groups', 'ridge', 'explanation', 'compare', 'quality', 'scores', 'detection', 'predictions'],
  async run(ctx) {
    const store = await I2xStore.create(ctx.storePath);
    const runId = ctx.runId;
    let rows = 0;
    try {
      await store.transaction(async () => {
        for (const { table, filter } of OWNED) await store.deleteRows(table, runId, filter);
        const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
        const metas = checkpoints.map((c) => readCheckpointMeta(join(c.dir, 'meta.json')));
        rows += await writeCheckpoints(store, runId, metas.map((m, t) => ({
          checkpoint: t, step: m.step, epoch: m.epoch, trainLoss: m.trainLoss ?? undefined, trainAcc: m.trainAccuracy ?? undefined,
          valLoss: m.valLoss ?? undefined, valAcc: m.valAccuracy ?? undefined, testAcc: m.testAccuracy ?? undefined, weightsSha256: m.weightsSha256,
        })));
        for (const [t, m] of metas.entries()) {
          if (!m.testConfusion) continue;
          const C = m.testConfusion.length;
          rows += await writeConfusions(store, runId, 'checkpoint', String(t), null, Int32Array.from(m.testConfusion.flat()), C);
        }

        const { train, planted } = ctx.datasets();
        const samples = Int32Array.from({ length: train.count }, (_, i) => i);
        rows += await writeSamples(store, runId, 'train', samples, train.labels, train.sourceIndex);
        rows += await writePlanted(store, runId, planted);

        const prototypes = prototypesArtifacts.readAssignments(ctx.inputDir('prototypes'));
        const assignments = prototypes.data;
        const positions = prototypes.height * prototypes.width;
        const K = ctx.config.analysis.prototypes.k;
        const C = train.classNames.length;
        const areas = new Int32Array(train.count * K);
        for (let n = 0; n < train.count; n++) for (let p = 0; p < positions; p++) areas[n * K + assignments[n * positions + p]]++;
        rows += await writePrototypeAreas(store, runId, samples, areas, K);
        const classShares = prototypeClassShares({ areas, labels: train.labels, K, C });
        const prototypeRecords = Array.from({ length: K }, (_, k) => {
          let areaTotal = 0;
          let nSamples = 0;
          for (let n = 0; n < train.count; n++) {
            const a = areas[n * K + k];
            if (a > 0) {
              areaTotal += a;
              nSamples++;
            }
          }
          const { samples: classSamples, mostCommon } = classShares[k];
          return { prototype: k, areaTotal, nSamples, classSamples, dominantClasses: mostCommon, dominantClass: mostCommon[0] };
        });
        rows += await writePrototypes(store, runId, prototypeRecords);

        const saliencyDir = ctx.inputDir('saliency');
        const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
        const { data: intensities } = intensitiesArtifacts.read(ctx.inputDir('intensities'));
        for (const [t, name] of names.entries()) {
          const confidences = saliencyArtifacts.readConfidences(saliencyDir, name).data;
          rows += await writePredictions(store, runId, t, samples, confidences, C);
          rows += await writePrototypeIntensity(store, runId, t, samples, intensities.subarray(t * train.count * K, (t + 1) * train.count * K), K);
          const legibility = saliencyArtifacts.readLegibility(saliencyDir, name).data;
          const column = (c: number) => Float32Array.from({ length: train.count }, (_, n) => legibility[n * 3 + c]);
          rows += await writeSaliencyMetrics(store, runId, ctx.config.analysis.saliency.method, t, samples, { contrast: column(0), blobs: Int32Array.from(column(1)), gini: column(2) });
        }
        const { data: groups } = groupsArtifacts.readLabels(ctx.inputDir('groups'));
        for (let t = 0; t + 1 < names.length; t++) {
          rows += await writeConfidenceGroups(store, runId, t, samples, groups.subarray(t * train.count, (t + 1) * train.count));
        }

        const ridge = ridgeArtifacts.read(ctx.inputDir('ridge'));
        for (let t = 0; t < ridge.transitions; t++) {
          const fits = ridge.fits.filter((f) => f.transition === t);
          rows += await writeRidgeFits(store, runId, t, fits.map((f) => ({ grp: f.group, n: f.rows, r2: f.r2, lambda: f.lambda })));
          const betas = new Float64Array(fits.length * K * C);
          fits.forEach((f, i) => betas.set(f.beta, i * K * C));
          rows += await writeRidgeCoefficients(store, runId, t, Int32Array.from(fits.map((f) => f.group)), betas, K, C);
        }

        const uncertain = explanationArtifacts.readUncertain(ctx.inputDir('explanation'));
        rows += await writeUncertainPrototypes(store, runId, uncertain.map((u) => ({
          prototype: u.prototype, classA: u.pair[0], classB: u.pair[1], signChanges: u.signChanges, maxMagnitude: u.maxMagnitude,
          evidence: { differences: u.differences, scaled: u.scaled, consideredTransitions: u.consideredTransitions, signFlips: u.signFlips },
        })));
        const compared = compareArtifacts.read(ctx.inputDir('compare'));
        for (const c of compared) {
          const subset = Int32Array.from({ length: c.samples }, (_, i) => i);
          rows += await writeSaliencyMetrics(store, runId, c.method, c.checkpoint, subset, { contrast: Float32Array.from(c.contrast), blobs: Int32Array.from(c.blobs), gini: Float32Array.from(c.gini) });
          if (c.conservation.length) rows += await writeLrpConservation(store, runId, c.method, c.checkpoint, c.conservation);
        }
        const predictionsDir = ctx.inputDir('predictions');
        const { test } = ctx.datasets();
        for (const [t, name] of predictionsArtifacts.readCheckpointNames(predictionsDir).entries()) {
          rows += await writeTestPredictions(store, runId, { source: 'checkpoint', ref: String(t) }, test.labels, { probabilities: predictionsArtifacts.read(predictionsDir, name).data, classes: C });
        }
        rows += await writeSampleScores(store, runId, scoresArtifacts.read(ctx.inputDir('scores')).scores, train.count);
        rows += await writeScorecard(store, runId, 'planted', detectionArtifacts.read(ctx.inputDir('detection')));
        rows += await writeSaliencyQuality(store, runId, qualityArtifacts.read(ctx.inputDir('quality')));
        const last = metas[metas.length - 1];
        const metrics = { finalTestAccuracy: last?.testAccuracy ?? null, checkpoints: metas.length, prototypes: K, uncertain: uncertain.length };
        await writeRun(store, { runId, configName: ctx.config.name, config: ctx.config, fingerprint: ctx.fingerprint, status: 'analysed', metrics });
      });
    } finally {
      store.close();
    }
    return { summary: { store: ctx.config.store.path, rows } };
  },
  async missingOutputs(ctx) {
    const path = ctx.storePath;
    const found = await readStoreValue(path, 'SELECT fingerprint FROM runs WHERE run_id = $1', [ctx.runId]);
    if ('unreadable' in found) return found.unreadable;
    if (found.value === undefined) return `run '${ctx.runId}' in the store ${path}`;
    if (found.value !== ctx.fingerprint) return `run '${ctx.runId}' in the store ${path} holds another load of it (fingerprint ${String(found.value).slice(0, 12)})`;
    return undefined;
  },
});
