import { join } from 'node:path';
import type { CheckpointSeries } from '../../analysis/sampleScores/CheckpointSeries.js';
import { uncertainForPairs } from '../../analysis/uncertainForPairs.js';
import { sampleScores } from '../../analysis/sampleScores/sampleScores.js';
import { readCheckpointMeta } from '../../models/readCheckpointMeta.js';
import { I2xError } from '../../util/I2xError.js';
import { defineStage } from '../Stage.js';
import { explanationArtifacts } from './artifacts/explanationArtifacts.js';
import { intensitiesArtifacts } from './artifacts/intensitiesArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';
import { scoresArtifacts } from './artifacts/scoresArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

/**
 * Per-sample suspicion scores of every training sample (issue 14; docs/method.md, "Suspicion scores"): the
 * `i2x` ranking of the curation rule and the field's training-dynamics baselines (Dataset Cartography,
 * forgetting events, area under the margin, TracIn self-influence, self-confidence, random), all from the
 * arrays the saliency pass stored at every checkpoint: no model pass. The given (possibly planted) labels
 * are the ones scored. TracIn weights checkpoint t by the learning rate of the step after it (the checkpoint's
 * `learningRate`); the final checkpoint, which has no next step, takes the previous one's; checkpoints not
 * trained here (no learning rate) weigh 1.
 */
export const scoresStage = defineStage({
  name: 'scores',
  version: 1,
  configKeys: ['finetune.pairs', 'finetune.curation.minArea', 'seed'],
  uses: ['datasets'],
  inputs: ['train', 'saliency', 'prototypes', 'intensities', 'explanation'],
  async run(ctx) {
    const started = performance.now();
    const { train } = ctx.datasets();
    const saliencyDir = ctx.inputDir('saliency');
    const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
    const T = names.length;
    const N = train.count;
    const series = (read: (name: string) => { data: Float32Array; shape: number[] } | null): CheckpointSeries | null => {
      let out: Float32Array | null = null;
      let width = 0;
      for (const [t, name] of names.entries()) {
        const part = read(name);
        if (part === null) return null;
        if (part.shape[0] !== N) throw new I2xError('E_ANALYSIS', `saliency outputs of checkpoint ${name} hold ${part.shape[0]} samples, but the training set has ${N}; re-run the analysis (i2x run) with this config`);
        width = part.shape[1];
        out ??= new Float32Array(T * N * width);
        out.set(part.data, t * N * width);
      }
      return { data: out!, shape: [T, N, width] };
    };
    const confidences = series((name) => saliencyArtifacts.readConfidences(saliencyDir, name))!;
    const logits = series((name) => saliencyArtifacts.readLogits(saliencyDir, name))!;
    const headInputs = series((name) => saliencyArtifacts.readHeadInputs(saliencyDir, name));

    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const given = checkpoints.map((c) => readCheckpointMeta(join(c.dir, 'meta.json')).learningRate);
    const learningRates = Float64Array.from(given, (lr, t) => lr ?? (t > 0 ? given[t - 1] : null) ?? 1);

    const prototypes = prototypesArtifacts.readAssignments(ctx.inputDir('prototypes'));
    const intensities = intensitiesArtifacts.read(ctx.inputDir('intensities'));
    const [, , K] = intensities.shape;
    const uncertain = uncertainForPairs(explanationArtifacts.readUncertain(ctx.inputDir('explanation')), ctx.config.finetune.pairs as [number, number][]);
    const scores = sampleScores({
      confidences,
      logits,
      headInputs,
      learningRates,
      labels: train.labels,
      seed: ctx.config.seed,
      i2x: {
        assignments: prototypes.data,
        positions: prototypes.height * prototypes.width,
        prototypes: K,
        uncertain,
        finalIntensities: intensities.data.subarray((T - 1) * N * K, T * N * K),
        minArea: ctx.config.finetune.curation.minArea,
      },
    });
    const methods = [...scores.keys()];
    scoresArtifacts.write(ctx.outputDir, { methods, scores, learningRates: Array.from(learningRates) });
    const i2xScores = scores.get('i2x')!;
    let flagged = 0;
    for (let n = 0; n < N; n++) if (i2xScores[n] > 0) flagged++;
    return {
      summary: { methods, samples: N, checkpoints: T, uncertainPrototypes: uncertain, i2xNonZero: flagged, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) },
    };
  },
});
