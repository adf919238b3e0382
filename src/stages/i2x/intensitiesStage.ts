import { normalizeSaliency } from '../../analysis/normalizeSaliency.js';
import { prototypeIntensity } from '../../analysis/prototypeIntensity.js';
import { defineStage } from '../Stage.js';
import { intensitiesArtifacts } from './artifacts/intensitiesArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';

/**
 * Prototype intensity P_k^t for every checkpoint t, sample and prototype: [T, N, K]
 * (NaN where the prototype is absent from the sample), after the configured saliency normalisation.
 */
export const intensitiesStage = defineStage({
  name: 'intensities',
  version: 2, // 2: intensities.bin carries a format tag
  configKeys: ['analysis.saliency.normalization', 'analysis.prototypes.k'],
  inputs: ['prototypes', 'saliency'],
  async run(ctx) {
    const saliencyDir = ctx.inputDir('saliency');
    const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
    const { data: assignments, samples, height: h, width: w } = prototypesArtifacts.readAssignments(ctx.inputDir('prototypes'));
    const k = ctx.config.analysis.prototypes.k;
    const out = new Float32Array(names.length * samples * k);
    for (const [t, name] of names.entries()) {
      const maps = saliencyArtifacts.readMaps(saliencyDir, name).data;
      normalizeSaliency(maps, samples, h * w, ctx.config.analysis.saliency.normalization);
      out.set(prototypeIntensity(maps, assignments, samples, h * w, k), t * samples * k);
    }
    intensitiesArtifacts.write(ctx.outputDir, { data: out, shape: [names.length, samples, k] });
    let absent = 0;
    for (let i = 0; i < samples * k; i++) if (Number.isNaN(out[i])) absent++;
    return { summary: { checkpoints: names.length, samples, prototypes: k, absentFraction: Number((absent / (samples * k)).toFixed(4)) } };
  },
});
