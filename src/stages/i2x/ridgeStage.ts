import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confidenceChange } from '../../analysis/confidenceChange.js';
import { ridge } from '../../analysis/ridge.js';
import { atomicWrite } from '../../util/atomicWrite.js';
import { readArrayFile } from '../../util/arrayFile.js';
import { defineStage } from '../Stage.js';

/** Groups smaller than this are not fitted (too few samples for K coefficients to mean anything). */
const MIN_GROUP_ROWS = 5;
/** The group id under which the fit over all samples of a transition is stored. */
export const ALL_SAMPLES_GROUP = -1;

export interface RidgeFit {
  transition: number;
  /** HDBSCAN cluster, or ALL_SAMPLES_GROUP (-1) for all samples of the transition (noise included) */
  group: number;
  rows: number;
  r2: number;
  r2PerClass: number[];
  lambda: number;
  /** [K * C], row-major: beta[k * C + c] */
  beta: number[];
  intercept: number[];
  missingCells: number;
}

/**
 * Per transition t -> t+1 and per confidence group: ridge regression from prototype-intensity changes
 * (P^{t+1} - P^t, [n, K]) to confidence changes ([n, C]), with intercept; plus one fit over all samples of
 * the transition (group -1). A change involving an absent prototype is NaN and handled by
 * `analysis.ridge.missing`. Writes `ridge.json` (one RidgeFit per fit).
 */
export const ridgeStage = defineStage({
  name: 'ridge',
  version: 1,
  configKeys: ['analysis.ridge'],
  inputs: ['intensities', 'groups', 'saliency'],
  async run(ctx) {
    const saliencyDir = ctx.inputDir('saliency');
    const names = JSON.parse(readFileSync(join(saliencyDir, 'checkpoints.json'), 'utf8')) as string[];
    const { data: intensities, shape } = readArrayFile(join(ctx.inputDir('intensities'), 'intensities.bin'));
    const [, samples, k] = shape;
    const { data: groups } = readArrayFile<Int32Array>(join(ctx.inputDir('groups'), 'groups.bin'));
    const { lambda, missing } = ctx.config.analysis.ridge;
    const fits: RidgeFit[] = [];
    let previous = readArrayFile(join(saliencyDir, `confidences-${names[0]}.bin`));
    const classes = previous.shape[1];
    for (let t = 0; t + 1 < names.length; t++) {
      const current = readArrayFile(join(saliencyDir, `confidences-${names[t + 1]}.bin`));
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
    atomicWrite(join(ctx.outputDir, 'ridge.json'), JSON.stringify({ prototypes: k, classes, transitions: names.length - 1, checkpoints: names, fits }));
    const all = fits.filter((f) => f.group === ALL_SAMPLES_GROUP);
    return { summary: { fits: fits.length, r2AllSamples: all.map((f) => Number(f.r2.toFixed(3))) } };
  },
});

/** Reads the ridge stage's output. */
export function readRidgeFits(dir: string): { prototypes: number; classes: number; transitions: number; checkpoints: string[]; fits: RidgeFit[] } {
  return JSON.parse(readFileSync(join(dir, 'ridge.json'), 'utf8'));
}
