/**
 * Timings of the analysis stages on synthetic data of the real sizes: PCA 2.94M x 64 -> 16, KMeans K=32
 * (and K=128) on the projection, HDBSCAN on 60k x 10 blobs. Prints one JSON object on stdout.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/analysisBench.js`
 */
import { pathToFileURL } from 'node:url';
import { KMeans } from '../src/analysis/KMeans.js';
import { Pca } from '../src/analysis/Pca.js';
import { adjustedRandIndex } from '../src/analysis/adjustedRandIndex.js';
import { hdbscan } from '../src/analysis/hdbscan/hdbscan.js';
import { SeededRandom } from '../src/util/SeededRandom.js';

export interface AnalysisBenchOptions {
  featureRows?: number;
  featureCols?: number;
  pcaComponents?: number;
  hdbscanRows?: number;
  hdbscanCols?: number;
}

export interface AnalysisBenchResult {
  sizes: Required<AnalysisBenchOptions>;
  /** wall-clock seconds per stage */
  seconds: Record<string, number>;
  /** CPU seconds (user + system) of this process per stage: steadier than wall time on a shared machine */
  cpuSeconds: Record<string, number>;
  figures: Record<string, number>;
}

export async function runAnalysisBench(options: AnalysisBenchOptions = {}): Promise<AnalysisBenchResult> {
  const sizes = {
    featureRows: options.featureRows ?? 2_940_000,
    featureCols: options.featureCols ?? 64,
    pcaComponents: options.pcaComponents ?? 16,
    hdbscanRows: options.hdbscanRows ?? 60_000,
    hdbscanCols: options.hdbscanCols ?? 10,
  };
  const seconds: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const figures: Record<string, number> = {};
  const time = <T>(name: string, run: () => T): T => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const out = run();
    const cpu = process.cpuUsage(cpuStart);
    seconds[name] = Math.round(performance.now() - start) / 1000;
    cpuSeconds[name] = Math.round((cpu.user + cpu.system) / 1000) / 1000;
    return out;
  };

  const features = time('generateFeatures', () => lowRankBlobs(sizes.featureRows, sizes.featureCols, 16, 32, 1));
  const pca = time('pcaFit', () => Pca.fit(features, sizes.featureRows, sizes.featureCols, { components: sizes.pcaComponents }));
  const projected = time('pcaTransform', () => pca.transform(features, sizes.featureRows));
  figures.pcaExplainedVariance = pca.explainedVarianceRatio.reduce((s, v) => s + v, 0);
  for (const k of [32, 128]) {
    const model = time(`kmeansFitK${k}`, () => KMeans.fit(projected, sizes.featureRows, sizes.pcaComponents, { k, seed: 1 }));
    time(`kmeansPredictK${k}`, () => model.predict(projected, sizes.featureRows));
    for (const table of [seconds, cpuSeconds]) {
      table[`kmeansTotalK${k}`] = Math.round((table[`kmeansFitK${k}`] + table[`kmeansPredictK${k}`]) * 1000) / 1000;
    }
    figures[`kmeansIterationsK${k}`] = model.iterations;
  }

  const { data, truth } = gaussianBlobs(sizes.hdbscanRows, sizes.hdbscanCols, 8, 2);
  const clustering = time('hdbscan', () =>
    hdbscan(data, sizes.hdbscanRows, sizes.hdbscanCols, { minClusterSize: 50, minSamples: 10, seed: 3 }),
  );
  figures.hdbscanClusters = clustering.clusterCount;
  figures.hdbscanNoise = clustering.noiseCount;
  figures.hdbscanFittedRows = clustering.fittedRows;
  figures.hdbscanAdjustedRand = adjustedRandIndex(clustering.labels, truth);
  return { sizes, seconds, cpuSeconds, figures };
}

/** `rows` points near `blobs` centres in a `latent`-dim space, mapped linearly to `cols` dims plus noise. */
function lowRankBlobs(rows: number, cols: number, latent: number, blobs: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  const centres = Float64Array.from({ length: blobs * latent }, () => 4 * random.normal());
  const mixing = Float64Array.from({ length: latent * cols }, () => random.normal() / Math.sqrt(latent));
  const out = new Float32Array(rows * cols);
  const z = new Float64Array(latent);
  for (let r = 0; r < rows; r++) {
    const blob = random.int(blobs);
    for (let l = 0; l < latent; l++) z[l] = centres[blob * latent + l] + random.normal();
    for (let c = 0; c < cols; c++) {
      let s = 0.2 * (random.next() - 0.5);
      for (let l = 0; l < latent; l++) s += z[l] * mixing[l * cols + c];
      out[r * cols + c] = s;
    }
  }
  return out;
}

function gaussianBlobs(rows: number, cols: number, blobs: number, seed: number): { data: Float64Array; truth: Int32Array } {
  const random = new SeededRandom(seed);
  const centres = Float64Array.from({ length: blobs * cols }, () => 10 * random.normal());
  const data = new Float64Array(rows * cols);
  const truth = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    truth[r] = r % blobs;
    for (let c = 0; c < cols; c++) data[r * cols + c] = centres[truth[r] * cols + c] + random.normal();
  }
  return { data, truth };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAnalysisBench().then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
