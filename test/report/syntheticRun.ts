import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prototypeIntensity } from '../../src/analysis/prototypeIntensity.js';
import { structuredExplanation, type StructuredExplanation } from '../../src/analysis/structuredExplanation.js';
import { uncertainPrototypes } from '../../src/analysis/uncertainPrototypes.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { I2xConfig } from '../../src/config/configSchema.js';
import { prepareDatasets } from '../../src/data/prepareDatasets.js';
import type { StageOutputs } from '../../src/report/StageOutputs.js';
import { readReportInputs } from '../../src/stages/i2x/readReportInputs.js';
import { prototypesArtifacts } from '../../src/stages/i2x/artifacts/prototypesArtifacts.js';
import { saliencyArtifacts } from '../../src/stages/i2x/artifacts/saliencyArtifacts.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import {
  writeCheckpoints, writeConfidenceGroups, writeConfusions, writeFinetuneComparisons, writeFinetuneResult, writePredictions, writePrototypeAreas,
  writePrototypeIntensity, writePrototypes, writeRidgeCoefficients, writeRidgeFits, writeRun, writeSaliencyMetrics, writeSaliencyQuality, writeSamples,
  writePlanted, writeUncertainPrototypes,
} from '../../src/store/index.js';
import { atomicWrite } from '../../src/util/atomicWrite.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { writeIdx } from '../data/fixtures/writeIdx.js';

/** Sizes of the synthetic run: 12 training images of 16 x 16 px, a 4 x 4 feature map, 3 classes, 3 checkpoints, K = 3. */
export const SYNTHETIC = { samples: 12, size: 16, map: 4, classes: 3, checkpoints: 3, k: 3 } as const;

export interface SyntheticRun {
  readonly root: string;
  readonly artifactsRoot: string;
  readonly storePath: string;
  readonly runId: string;
  readonly config: I2xConfig;
  /** what the explanation stage would have written, to check the report's separation scores against */
  readonly explanation: StructuredExplanation;
  readonly remove: () => void;
}

/**
 * A tiny finished run made by hand, no model trained: IDX images, the saliency and prototypes stage outputs,
 * and the store rows the database stage would write (ridge betas drawn at random, uncertain prototypes and
 * intensities computed from them as the stages do). `finetune` adds fine-tuning results and saliency metrics; `plant`
 * sets data.plant, and the store then holds the planted table and the labels of the planted training set.
 */
export async function syntheticRun(options: { finetune?: boolean; runId?: string; plant?: unknown[] } = {}): Promise<SyntheticRun> {
  const { samples: N, size, map, classes: C, checkpoints: T, k: K } = SYNTHETIC;
  const runId = options.runId ?? 'synth';
  const random = new SeededRandom(7);
  const root = mkdtempSync(join(tmpdir(), 'i2x-report-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const labels = Int32Array.from({ length: N }, (_, n) => n % C);
  // Each image: a bright square whose position depends on the class, over faint noise.
  const pixels = new Uint8Array(N * size * size);
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inSquare = Math.abs(y - 4 - 3 * labels[n]) < 3 && Math.abs(x - 5 - (n % 4)) < 4;
        pixels[n * size * size + y * size + x] = inSquare ? 230 : random.int(40);
      }
    }
  }
  writeIdx(join(dataDir, 'train-images-idx3-ubyte'), [N, size, size], pixels);
  writeIdx(join(dataDir, 'train-labels-idx1-ubyte'), [N], labels);
  writeIdx(join(dataDir, 't10k-images-idx3-ubyte'), [4, size, size], pixels.subarray(0, 4 * size * size));
  writeIdx(join(dataDir, 't10k-labels-idx1-ubyte'), [4], labels.subarray(0, 4));

  const artifactsRoot = join(root, 'artifacts');
  const storePath = join(artifactsRoot, 'i2x.duckdb');
  const config = resolveConfig({
    name: runId,
    data: { dataset: 'idx', path: dataDir, trainSubset: null, testSubset: null, valFraction: 0, plant: options.plant ?? [] },
    analysis: { prototypes: { k: K }, uncertain: { pairs: [[0, 1]], threshold: 0.01, minSignChanges: 1 } },
    finetune: { strategies: ['full->full', 'curated->full'], seeds: 2, pairs: [[0, 1]] },
    report: { samples: 4, galleryPatches: 3 },
    store: { path: storePath },
  });
  const runDir = join(artifactsRoot, runId);
  atomicWrite(join(runDir, 'config.json'), JSON.stringify(config, null, 2));

  const positions = map * map;
  const names = Array.from({ length: T }, (_, t) => `step-00000${t}`);
  const assignments = Int32Array.from({ length: N * positions }, (_, i) => (Math.floor((i % positions) / map) + (i % map) + Math.floor(i / positions)) % K);
  prototypesArtifacts.write(join(runDir, 'prototypes'), { assignments: { data: assignments, samples: N, height: map, width: map }, pca: null!, kmeans: null! });
  saliencyArtifacts.writeCheckpointNames(join(runDir, 'saliency'), names);
  const samples = Int32Array.from({ length: N }, (_, n) => n);
  const store = await I2xStore.create(storePath);
  try {
    await writeRun(store, { runId, configName: runId, config, status: 'analysed' });
    await writeCheckpoints(store, runId, names.map((_, t) => ({ checkpoint: t, step: 10 * t, epoch: t / 2, trainAcc: 0.3 + 0.3 * t, valAcc: 0.25 + 0.3 * t, testAcc: 0.2 + 0.3 * t })));
    // what the database stage stores: the labels of the prepared (planted) training set, and every change
    const prepared = prepareDatasets(config.data, config.seed);
    await writeSamples(store, runId, 'train', samples, prepared.train.labels, samples);
    if (options.plant) await writePlanted(store, runId, prepared.planted);
    for (let t = 0; t < T; t++) {
      const saliency = Float32Array.from({ length: N * positions }, (_, i) => (t + 1) * (random.next() + ((i % positions) === 5 ? 2 : 0)));
      // Confidences: the true class gains with training; sample 1 (class 1) is taken for class 0 until the end.
      const confidences = new Float32Array(N * C);
      for (let n = 0; n < N; n++) {
        const guess = n === 1 && t < T - 1 ? 0 : labels[n];
        for (let c = 0; c < C; c++) confidences[n * C + c] = c === guess ? 0.5 + 0.2 * t : (0.5 - 0.2 * t) / (C - 1);
      }
      saliencyArtifacts.writeCheckpoint(join(runDir, 'saliency'), names[t], {
        maps: { data: saliency, shape: [N, map, map] },
        confidences: { data: confidences, shape: [N, C] },
        legibility: { data: new Float32Array(N * 3), shape: [N, 3] }, // the report reads legibility from the store
        logits: { data: confidences.map(Math.log), shape: [N, C] },
        headInputs: null,
      });
      await writePredictions(store, runId, t, samples, confidences, C);
      await writePrototypeIntensity(store, runId, t, samples, prototypeIntensity(saliency, assignments, N, positions, K), K);
      const confusion = Int32Array.from({ length: C * C }, (_, i) => (Math.floor(i / C) === i % C ? 5 + t : i === 1 ? 3 - t : 0));
      await writeConfusions(store, runId, 'checkpoint', String(t), null, confusion, C);
    }
    const areas = new Int32Array(N * K);
    for (let i = 0; i < assignments.length; i++) areas[Math.floor(i / positions) * K + assignments[i]]++;
    await writePrototypeAreas(store, runId, samples, areas, K);
    // Per-class counts made up for the report (4 samples per class): p0 ties all classes, p1 is class 0's, p2 ties 1 and 2.
    const classSamples = [[4, 4, 4], [2, 1, 1], [1, 3, 3]];
    const dominantClasses = [[0, 1, 2], [0], [1, 2]];
    await writePrototypes(store, runId, Array.from({ length: K }, (_, p) => ({
      prototype: p, areaTotal: areas.filter((_, i) => i % K === p).reduce((s, a) => s + a, 0), nSamples: N,
      dominantClass: dominantClasses[p][0], dominantClasses: dominantClasses[p], classSamples: classSamples[p],
    })));

    const clusterBetas: Float64Array[][] = [];
    const allBetas: Float64Array[] = [];
    for (let t = 0; t + 1 < T; t++) {
      const groups = Int32Array.from({ length: N }, (_, n) => (n < 2 ? -1 : n % 2));
      await writeConfidenceGroups(store, runId, t, samples, groups);
      const betas = Float64Array.from({ length: 3 * K * C }, () => random.normal() * 0.2);
      // Prototype 2 swaps which of classes 0 and 1 it favours between the two transitions.
      betas[2 * C + 0] = t === 0 ? 0.5 : -0.5;
      betas[2 * C + 1] = 0;
      await writeRidgeFits(store, runId, t, [-1, 0, 1].map((grp) => ({ grp, n: grp < 0 ? N : 5, r2: 0.5, lambda: 1 })));
      await writeRidgeCoefficients(store, runId, t, Int32Array.of(-1, 0, 1), betas, K, C);
      allBetas.push(betas.slice(0, K * C));
      clusterBetas.push([betas.slice(K * C, 2 * K * C), betas.slice(2 * K * C)]);
    }
    const uncertain = uncertainPrototypes(allBetas, K, C, { pairs: [[0, 1]], threshold: 0.01, minSignChanges: 1, scale: 'absolute' });
    await writeUncertainPrototypes(store, runId, uncertain.map((u) => ({
      prototype: u.prototype, classA: u.pair[0], classB: u.pair[1], signChanges: u.signChanges, maxMagnitude: u.maxMagnitude,
      evidence: { differences: u.differences, scaled: u.scaled, consideredTransitions: u.consideredTransitions, signFlips: u.signFlips },
    })));
    if (options.finetune) {
      for (const [s, strategy] of ['full->full', 'curated->full'].entries()) {
        for (const seed of [0, 1]) {
          await writeFinetuneResult(store, runId, { strategy, seed, testAcc: 0.8 + 0.05 * s + 0.01 * seed, valAcc: 0.78 + 0.01 * seed, nRemoved: 2 * s, agreement: s === 0 ? 1 : [0.9, 0.95][seed] });
          await writeConfusions(store, runId, 'finetune', strategy, seed, Int32Array.from({ length: C * C }, (_, i) => (i === 1 ? 2 - s : i === C ? 1 : 0)), C);
        }
      }
      // curated->full - full->full per seed: accuracy +0.05, +0.05; 0<->1 confusions 2 - 3 = -1, -1 (as the finetune stage
      // would store them: constant differences give one-point intervals, which the report does not call higher or lower,
      // and both signs agree: sign p = Wilcoxon p = 2 / 4)
      const paired = (metric: string, d: number) => ({
        strategy: 'curated->full', baseline: 'full->full', metric, n: 2, meanDiff: d, t: { low: d, high: d }, bootstrap: { low: d, high: d }, signP: 0.5, wilcoxonP: 0.5, agreement: 0.925, invocation: 'synthetic',
      });
      await writeFinetuneComparisons(store, runId, [paired('test_accuracy', 0.05), paired('confusions 0<->1', -1)]);
      for (let t = 0; t < T; t++) {
        await writeSaliencyMetrics(store, runId, 'gradcam', t, samples, {
          contrast: Float32Array.from(samples, (n) => 0.1 * t + 0.01 * n),
          blobs: Int32Array.from(samples, (n) => 1 + (n % 3)),
          gini: Float32Array.from(samples, () => 0.3 + 0.1 * t),
        });
      }
      await writeSaliencyQuality(store, runId, {
        values: [
          { checkpoint: T - 1, method: 'gradcam', metric: 'deletion-auc', value: 0.1234 },
          { checkpoint: T - 1, method: 'random', metric: 'deletion-auc', value: 0.5 },
          { checkpoint: T - 1, method: 'gradcam', metric: 'mprt-spearman', value: null },
        ],
        curves: [
          ...[0, 1, 2].map((step) => ({ checkpoint: T - 1, method: 'gradcam', metric: 'deletion', step, fraction: step / 2, value: 1 - step / 2 })),
          ...[1, 2].map((step) => ({ checkpoint: T - 1, method: 'gradcam', metric: 'mprt-spearman', step, fraction: step / 2, value: 0.5 / step })),
        ],
      });
    }
    const explanation = structuredExplanation(clusterBetas, K, C, { separatedFraction: config.analysis.explanation.separationFraction });
    return { root, artifactsRoot, storePath, runId, config, explanation, remove: () => rmSync(root, { recursive: true, force: true }) };
  } finally {
    store.close();
  }
}

/** The report's reader of a run directory's saliency, prototypes and quality outputs (what `writeReport` is given). */
export function readRunStageOutputs(runDir: string): StageOutputs {
  return readReportInputs({ saliencyDir: join(runDir, 'saliency'), prototypesDir: join(runDir, 'prototypes'), qualityDir: join(runDir, 'quality') });
}
