import { KMeans } from '../../analysis/KMeans.js';
import { Pca } from '../../analysis/Pca.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { defineStage } from '../Stage.js';
import { featuresArtifacts } from './artifacts/featuresArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';

/**
 * Abstract prototypes: PCA (streamed covariance) of every feature vector, then k-means++ / Lloyd on a
 * seeded sample of the projections, then every position of every sample assigned to its nearest centroid:
 * [N, h, w] int32, the fitted PCA and k-means (src/stages/i2x/artifacts/prototypesArtifacts.ts), and per prototype its area.
 */
export const prototypesStage = defineStage({
  name: 'prototypes',
  version: 3, // 2: k-means seeded from its own stream of the seed; 3: its files carry format tags
  configKeys: ['analysis.prototypes', 'seed'],
  inputs: ['features'],
  async run(ctx) {
    const features = featuresArtifacts.read(ctx.inputDir('features'));
    const { data } = features;
    // one row per position: [N*h*w, C]
    const rows = features.samples * features.height * features.width;
    const cols = features.channels;
    const p = ctx.config.analysis.prototypes;
    const t0 = performance.now();
    const pca = Pca.fit(data, rows, cols, p.pcaComponents !== null ? { components: p.pcaComponents } : { explainedVariance: p.pcaExplainedVariance! });
    const projected = pca.transform(data, rows);
    const pcaSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const kmeans = KMeans.fit(projected, rows, pca.componentCount, { k: p.k, seed: derivedSeed(ctx.config.seed, 'kmeans', 0), sampleSize: p.sampleSize, maxIter: p.maxIter, nInit: p.nInit });
    const assignments = kmeans.predict(projected, rows);
    const kmeansSeconds = (performance.now() - t1) / 1000;
    const area = new Array<number>(p.k).fill(0);
    for (let i = 0; i < assignments.length; i++) area[assignments[i]]++;
    prototypesArtifacts.write(ctx.outputDir, {
      assignments: { data: assignments, samples: features.samples, height: features.height, width: features.width },
      pca: pca.toJSON(),
      kmeans: kmeans.toJSON(),
    });
    const explained = pca.explainedVarianceRatio.reduce((s: number, v: number) => s + v, 0);
    return {
      summary: { k: p.k, components: pca.componentCount, explainedVariance: Number(explained.toFixed(4)), vectors: rows, pcaSeconds: Number(pcaSeconds.toFixed(2)), kmeansSeconds: Number(kmeansSeconds.toFixed(2)), area },
    };
  },
});
