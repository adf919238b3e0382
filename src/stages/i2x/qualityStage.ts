import { normalizedInputBounds } from '../../data/normalizedInputBounds.js';
import { makeBatch } from '../../data/makeBatch.js';
import { REMOVAL_METRIC_NAMES } from '../../config/qualityMetricNames.js';
import type { PerturbationModel } from '../../explain/quality/perturbationBatches.js';
import { plantedMaskMaps } from '../../explain/quality/plantedMaskMaps.js';
import { scoreSaliencyQuality } from '../../explain/quality/scoreSaliencyQuality.js';
import { saliencyMethods } from '../../explain/saliencyMethods.js';
import { modelOnPool } from '../../explain/quality/perturbationModels.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { modelPayload } from '../../models/parallel/modelPayload.js';
import { withModelOnWorkers } from '../../models/parallel/withModelOnWorkers.js';
import { ModelGraph } from '../../models/ModelGraph.js';
import { I2xError } from '../../util/I2xError.js';
import { SeededRandom } from '../../util/SeededRandom.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { defineStage } from '../Stage.js';
import { featureLayerOf } from './featureLayerOf.js';
import { qualityArtifacts, type QualityCurveRecord, type QualityOutput, type QualityValueRecord } from './artifacts/qualityArtifacts.js';
import { qualityConfigError } from './qualityConfigError.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

/** Samples (the first of the drawn sample) whose map after every randomisation step is kept for the report. */
const EXAMPLE_SAMPLES = 3;

/**
 * Is the saliency faithful (issue 16)? For the run's method and every compared one, on `quality.sampleSize`
 * training images drawn with the run's seed, at the final checkpoint (or every one, `quality.checkpoints: all`):
 * the sanity checks (cascading parameter randomisation, random logit) and the removal metrics (deletion,
 * insertion, ROAD), with random maps and the planted boxes (`data.plant`) as floor and ceiling
 * (src/explain/quality/scoreSaliencyQuality.ts). The database stage stores it; the report shows it.
 */
export const qualityStage = defineStage({
  name: 'quality',
  // v2: the removal metrics' softmax in float64 from the logits (this thread and the pool alike); v3: example maps of the randomisation steps
  version: 4, // 4: inference's 3x3 convolutions by Winograd F(2x2, 3x3) (maps and perturbed predictions differ in the last bits)
  // workers: the removal metrics' perturbed images run on a worker pool when more than 1 (the same bits as one thread)
  configKeys: ['data', 'model', 'analysis.saliency', 'quality', 'seed', 'workers'],
  uses: ['datasets', 'backend'],
  inputs: ['train'],
  checkBeforeRun(ctx) {
    checkSampleSize(ctx.config.quality.sampleSize, ctx.datasets().train.count);
  },
  async run(ctx) {
    const quality = ctx.config.quality;
    const { train, planted } = ctx.datasets();
    checkSampleSize(quality.sampleSize, train.count);
    const saliency = ctx.config.analysis.saliency;
    const names = [...new Set([saliency.method, ...saliency.compare.methods])];
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const scored = quality.checkpoints === 'all' ? checkpoints.map((_, t) => t) : [checkpoints.length - 1];
    const samples = new SeededRandom(derivedSeed(ctx.config.seed, 'quality/sample', 0)).permutation(train.count).slice(0, quality.sampleSize).sort();
    const batch = makeBatch(train, samples);
    const images = { data: batch.images, n: samples.length, height: train.height, width: train.width, channels: train.channels };
    const oracle = plantedMaskMaps(planted, 'train', samples, train.height, train.width);
    const values: QualityValueRecord[] = [];
    const curves: QualityCurveRecord[] = [];
    let examples: QualityOutput['examples'] = null;
    const layer = featureLayerOf(ctx.config.model);
    const removal = quality.metrics.some((m) => REMOVAL_METRIC_NAMES.includes(m));
    const pool = removal && ctx.executor.workers > 1 ? await ctx.executor.openPool() : null;
    try {
      if (quality.metrics.length) {
        const progress = ctx.progress('checkpoints scored', scored.length);
        for (const t of scored) {
          ctx.signal.throwIfAborted();
          const { model } = await loadCheckpoint(checkpoints[t].dir);
          try {
            const score = (perturbationModel?: PerturbationModel) => scoreSaliencyQuality({
              graph: ModelGraph.fromModel(model), layer, methods: names.map((name) => ({ name, method: saliencyMethods.method(name) })),
              images, labels: batch.labels, classes: train.classNames.length, metrics: quality.metrics, steps: quality.steps,
              seed: derivedSeed(ctx.config.seed, 'quality', t), inputBounds: normalizedInputBounds(train), oracle, perturbationModel,
              examples: t === scored[scored.length - 1] ? EXAMPLE_SAMPLES : 0,
            });
            // the pool gets the trained weights before the cascade randomises (and restores) them on this thread
            const result = pool ? await withModelOnWorkers(pool, modelPayload(model), (key) => score(modelOnPool(pool, key))) : await score();
            values.push(...result.values.map((v) => ({ checkpoint: t, ...v })));
            curves.push(...result.curves.map((c) => ({ checkpoint: t, ...c })));
            // the cascade keeps the first min(EXAMPLE_SAMPLES, n) samples
            if (result.randomisation.length) examples = { checkpoint: t, samples: Array.from(samples.subarray(0, EXAMPLE_SAMPLES)), methods: result.randomisation };
          } catch (err) {
            throw qualityConfigError(err, quality);
          } finally {
            model.dispose();
          }
          progress.tick();
        }
        progress.done();
      }
    } finally {
      await pool?.close();
    }
    qualityArtifacts.write(ctx.outputDir, { samples: Array.from(samples), values, curves, examples });
    const final = values.filter((v) => v.checkpoint === scored[scored.length - 1]);
    for (const v of final.filter((r) => r.metric === 'deletion-auc')) ctx.log(`${v.method}: deletion AUC ${v.value?.toFixed(3)}`);
    return { summary: { samples: samples.length, checkpoints: scored.length, values: values.length } };
  },
});

/** The sample is drawn from the prepared training split, so it cannot be larger (refused before training too: checkBeforeRun). */
function checkSampleSize(sampleSize: number, trainCount: number): void {
  if (sampleSize <= trainCount) return;
  throw new I2xError(
    'E_CONFIG',
    `quality.sampleSize: got ${sampleSize}; the training set has ${trainCount} samples (data.trainSubset, data.valFraction); expected an integer in 1..${trainCount}.`,
  );
}
