import { confidenceChange } from '../../analysis/confidenceChange.js';
import { hdbscan } from '../../analysis/hdbscan/hdbscan.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { defineStage } from '../Stage.js';
import { groupsArtifacts } from './artifacts/groupsArtifacts.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';

/**
 * Confidence groups: for every transition t -> t+1, the per-sample change of the softmax confidence vector,
 * clustered with HDBSCAN (noise = -1): labels [T-1, N] int32 and, per transition, how
 * many clusters and noise points, and whether the fit ran on a subsample (rows beyond maxExact assigned
 * to their nearest fitted row).
 */
export const groupsStage = defineStage({
  name: 'groups',
  version: 3, // 2: each transition's HDBSCAN subsample seeded from its own stream of the seed; 3: its files carry format tags
  configKeys: ['analysis.groups', 'seed'],
  inputs: ['saliency'],
  async run(ctx) {
    const saliencyDir = ctx.inputDir('saliency');
    const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
    const g = ctx.config.analysis.groups;
    let previous = saliencyArtifacts.readConfidences(saliencyDir, names[0]);
    const [samples, classes] = previous.shape;
    const labels = new Int32Array(Math.max(0, names.length - 1) * samples);
    const transitions: Record<string, unknown>[] = [];
    const progress = ctx.progress('groups', names.length - 1);
    for (let t = 1; t < names.length; t++) {
      const current = saliencyArtifacts.readConfidences(saliencyDir, names[t]);
      const change = confidenceChange({ name: names[t - 1], ...previous }, { name: names[t], ...current });
      const started = performance.now();
      const result = hdbscan(change, samples, classes, { minClusterSize: g.minClusterSize, minSamples: g.minSamples, maxExact: g.maxExact, seed: derivedSeed(ctx.config.seed, 'hdbscan', t - 1) });
      labels.set(result.labels, (t - 1) * samples);
      transitions.push({ transition: t - 1, from: names[t - 1], to: names[t], clusters: result.clusterCount, noise: result.noiseCount, subsampled: result.subsampled, fittedRows: result.fittedRows, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
      previous = current;
      progress.update(t);
    }
    progress.done();
    groupsArtifacts.write(ctx.outputDir, { labels, shape: [names.length - 1, samples], transitions });
    return { summary: { transitions: transitions.length, clusters: transitions.map((t) => t.clusters), subsampled: transitions.some((t) => t.subsampled) } };
  },
});
