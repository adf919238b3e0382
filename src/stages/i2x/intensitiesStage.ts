import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeSaliency } from '../../analysis/normalizeSaliency.js';
import { prototypeIntensity } from '../../analysis/prototypeIntensity.js';
import { readArrayFile, writeArrayFile } from '../../util/arrayFile.js';
import { defineStage } from '../Stage.js';

/**
 * Prototype intensity P_k^t for every checkpoint t, sample and prototype: `intensities.bin` [T, N, K]
 * (NaN where the prototype is absent from the sample), after the configured saliency normalisation.
 */
export const intensitiesStage = defineStage({
  name: 'intensities',
  version: 1,
  configKeys: ['analysis.saliency.normalization', 'analysis.prototypes.k'],
  inputs: ['prototypes', 'saliency'],
  async run(ctx) {
    const saliencyDir = ctx.inputDir('saliency');
    const names = JSON.parse(readFileSync(join(saliencyDir, 'checkpoints.json'), 'utf8')) as string[];
    const { data: assignments, shape } = readArrayFile<Int32Array>(join(ctx.inputDir('prototypes'), 'assignments.bin'));
    const [samples, h, w] = shape;
    const k = ctx.config.analysis.prototypes.k;
    const out = new Float32Array(names.length * samples * k);
    for (const [t, name] of names.entries()) {
      const maps = readArrayFile(join(saliencyDir, `saliency-${name}.bin`)).data;
      normalizeSaliency(maps, samples, h * w, ctx.config.analysis.saliency.normalization);
      out.set(prototypeIntensity(maps, assignments, samples, h * w, k), t * samples * k);
    }
    writeArrayFile(join(ctx.outputDir, 'intensities.bin'), out, [names.length, samples, k]);
    let absent = 0;
    for (let i = 0; i < samples * k; i++) if (Number.isNaN(out[i])) absent++;
    return { summary: { checkpoints: names.length, samples, prototypes: k, absentFraction: Number((absent / (samples * k)).toFixed(4)) } };
  },
});
