import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KMeans } from '../../analysis/KMeans.js';
import { Pca } from '../../analysis/Pca.js';
import { atomicWrite } from '../../util/atomicWrite.js';
import { readArrayFile, writeArrayFile } from '../../util/arrayFile.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { defineStage } from '../Stage.js';

/**
 * Abstract prototypes: PCA (streamed covariance) of every feature vector, then k-means++ / Lloyd on a
 * seeded sample of the projections, then every position of every sample assigned to its nearest centroid:
 * `assignments.bin` [N, h, w] int32, `pca.json`, `kmeans.json`, and per prototype its area.
 */
export const prototypesStage = defineStage({
  name: 'prototypes',
  version: 2, // 2: k-means seeded from its own stream of the seed
  configKeys: ['analysis.prototypes', 'seed'],
  inputs: ['features'],
  async run(ctx) {
    const featuresDir = ctx.inputDir('features');
    const meta = JSON.parse(readFileSync(join(featuresDir, 'stage.json'), 'utf8')).summary as { samples: number; height: number; width: number; channels: number };
    const { data, shape } = readArrayFile(join(featuresDir, 'features.bin'));
    const [rows, cols] = shape;
    const p = ctx.config.analysis.prototypes;
    const t0 = performance.now();
    const pca = Pca.fit(data, rows, cols, p.pcaComponents !== null ? { components: p.pcaComponents } : { explainedVariance: p.pcaExplainedVariance! });
    const projected = pca.transform(data, rows);
    const pcaSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const kmeans = KMeans.fit(projected, rows, pca.componentCount, { k: p.k, seed: derivedSeed(ctx.config.seed, 'kmeans', 0), sampleSize: p.sampleSize, maxIter: p.maxIter });
    const assignments = kmeans.predict(projected, rows);
    const kmeansSeconds = (performance.now() - t1) / 1000;
    const area = new Array<number>(p.k).fill(0);
    for (let i = 0; i < assignments.length; i++) area[assignments[i]]++;
    writeArrayFile(join(ctx.outputDir, 'assignments.bin'), assignments, [meta.samples, meta.height, meta.width]);
    atomicWrite(join(ctx.outputDir, 'pca.json'), JSON.stringify(pca.toJSON()));
    atomicWrite(join(ctx.outputDir, 'kmeans.json'), JSON.stringify(kmeans.toJSON()));
    const explained = pca.explainedVarianceRatio.reduce((s: number, v: number) => s + v, 0);
    return {
      summary: { k: p.k, components: pca.componentCount, explainedVariance: Number(explained.toFixed(4)), vectors: rows, pcaSeconds: Number(pcaSeconds.toFixed(2)), kmeansSeconds: Number(kmeansSeconds.toFixed(2)), area },
    };
  },
});
