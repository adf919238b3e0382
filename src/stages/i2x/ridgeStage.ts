import { confidenceChange } from '../../analysis/confidenceChange.js';
import { ridge } from '../../analysis/ridge.js';
import { defineStage } from '../Stage.js';
import { groupsArtifacts } from './artifacts/groupsArtifacts.js';
import { intensitiesArtifacts } from './artifacts/intensitiesArtifacts.js';
import { ridgeArtifacts, type RidgeFit } from './artifacts/ridgeArtifacts.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';

/** Groups smaller than this are not fitted (too few samples for K coefficients to mean anything). */
const MIN_GROUP_ROWS = 5;
/** The group id under which the fit over all samples of a transition is stored. */
export const ALL_SAMPLES_GROUP = -1;


/**
 * Per transition t -> t+1 and per confidence group: ridge regression from prototype-intensity changes
 * (P^{t+1} - P^t, [n, K]) to confidence changes ([n, C]), with intercept; plus one fit over all samples of
 * the transition (group -1). A change involving an absent prototype is NaN and handled by
 * `analysis.ridge.missing`. Writes one RidgeFit per fit (src/stages/i2x/artifacts/ridgeArtifacts.ts).
 */
export const ridgeStage = defineStage({
  name: 'ridge',
  version: 2, // 2: ridge.json carries a format tag
  configKeys: ['analysis.ridge'],
  inputs: ['intensities', 'groups', 'saliency'],
  async run(ctx) {
    const saliencyDir = ctx.inputDir('saliency');
    const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
    const { data: intensities, shape } = intensitiesArtifacts.read(ctx.inputDir('intensities'));
    const [, samples, k] = shape;
    const { data: groups } = groupsArtifacts.readLabels(ctx.inputDir('groups'));
    const { lambda, missing } = ctx.config.analysis.ridge;
    const fits: RidgeFit[] = [];
    let previous = saliencyArtifacts.readConfidences(saliencyDir, names[0]);
    const classes = previous.shape[1];
    for (let t = 0; t + 1 < names.length; t++) {
      const current = saliencyArtifacts.readConfidences(saliencyDir, names[t + 1]);
      const dY = confidenceChange({ name: names[t], ...previous }, { name: names[t + 1], ...current });
      const dX = new Float32Array(samples * k);
      const from = t * samples * k;
      const to = (t + 1) * samples * k;
      for (let i = 0; i < dX.length; i++) dX[i] = intensities[to + i] - intensities[from + i];
      const labels = groups.subarray(t * samples, (t + 1) * samples);
      const groupIds = [ALL_SAMPLES_GROUP, ...new Set(Array.from(labels).filter((g) => g >= 0))].sort((a, b) => a - b);
      for (const group of groupIds) {
        const mask = group === ALL_SAMPLES_GROUP ? undefined : Array.from(labels, (g) => (g === group ? 1 : 0));
        const rows = mask ? mask.reduce((s: number, v) => s + v, 0) : samples;
        if (rows < MIN_GROUP_ROWS) continue;
        const result = ridge(dX, samples, k, dY, classes, { lambda, intercept: true, missing, mask });
        fits.push({
          transition: t,
          group,
          rows: result.rowsUsed,
          r2: result.r2Overall,
          r2PerClass: Array.from(result.r2),
          lambda,
          beta: Array.from(result.beta),
          intercept: Array.from(result.intercept),
          missingCells: result.missing.cells,
        });
      }
      previous = current;
    }
    ridgeArtifacts.write(ctx.outputDir, { prototypes: k, classes, transitions: names.length - 1, checkpoints: names, fits });
    const all = fits.filter((f) => f.group === ALL_SAMPLES_GROUP);
    return { summary: { fits: fits.length, r2AllSamples: all.map((f) => Number(f.r2.toFixed(3))) } };
  },
});
