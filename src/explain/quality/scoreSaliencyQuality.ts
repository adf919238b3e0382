import * as tf from '@tensorflow/tfjs';
import { REMOVAL_METRIC_NAMES, type QualityMetricName } from '../../config/qualityMetricNames.js';
import type { ModelGraph } from '../../models/ModelGraph.js';
import type { SaliencyMethod } from '../SaliencyMethod.js';
import { cascadingRandomisation } from './cascadingRandomisation.js';
import { deletionCurves, insertionCurves } from './deletionInsertion.js';
import { mapsAtInputResolution } from './mapsAtInputResolution.js';
import { methodMaps } from './methodMaps.js';
import type { ImageBatch, PerturbationModel } from './perturbationBatches.js';
import { modelOnThisThread } from './perturbationModels.js';
import { randomLogit } from './randomLogit.js';
import { randomMaps } from './randomMaps.js';
import { roadCurves } from './roadCurves.js';

/** One figure: a metric of a method (or of the 'random' / 'planted' baseline maps), averaged over the samples. */
export interface QualityValue {
  method: string;
  metric: string;
  value: number;
}

/** One point of a metric's curve: removal after `step` of `steps` (fraction of pixels), or MPRT after `step` layers (fraction of them). */
export interface QualityCurvePoint extends QualityValue {
  step: number;
  fraction: number;
}

export interface SaliencyQualityOptions {
  graph: ModelGraph;
  layer: string;
  methods: readonly { name: string; method: SaliencyMethod }[];
  /** the sample, normalised */
  images: ImageBatch;
  /** [N] each sample's label: the class explained and whose probability the removal metrics follow */
  labels: Int32Array;
  classes: number;
  metrics: readonly QualityMetricName[];
  steps: number;
  seed: number;
  inputBounds?: { low: number[]; high: number[] };
  /** the planted boxes of the samples that have them (plantedMaskMaps), scored as the 'planted' method */
  oracle?: { maps: Float32Array; positions: Int32Array };
  /** how many samples (the first ones) keep their map of every randomisation step (`randomisation` of the result); default 0 */
  examples?: number;
  /** where the removal metrics' perturbed images run (the same weights as `graph`); default this thread, through `graph` */
  perturbationModel?: PerturbationModel;
  batchSize?: number;
}

const mean = (values: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
};

/** A method's maps of the first `examples` samples after every step of the cascade ([steps + 1, examples, h, w], the trained model's first). */
export interface RandomisationExampleMaps {
  method: string;
  /** the layers re-initialised at each step, output layer first */
  layers: string[][];
  height: number;
  width: number;
  maps: Float32Array;
}

/**
 * Every requested quality metric of every method on one model: the sanity checks (cascading model parameter
 * randomisation: Spearman and SSIM after the last layer, and per layer as a curve; random logit) and the
 * removal metrics (deletion and insertion AUC, ROAD MoRF and LeRF) on the maps upsampled to the input, the
 * latter also for seeded random maps (floor) and, with `oracle`, the planted boxes (ceiling). Values are means
 * over the samples; curves the mean curve; `randomisation` the cascade's maps of the first `examples` samples
 * (for the report's pictures). Leaves no tensor behind.
 */
export async function scoreSaliencyQuality(options: SaliencyQualityOptions): Promise<{ values: QualityValue[]; curves: QualityCurvePoint[]; randomisation: RandomisationExampleMaps[] }> {
  const { graph, layer, images, labels, metrics, steps, seed } = options;
  const values: QualityValue[] = [];
  const curves: QualityCurvePoint[] = [];
  const randomisation: RandomisationExampleMaps[] = [];
  const model = options.perturbationModel ?? modelOnThisThread((x) => graph.forward(x, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D);
  const removal = metrics.filter((m) => REMOVAL_METRIC_NAMES.includes(m));
  const x = tf.tensor4d(images.data, [images.n, images.height, images.width, images.channels]);
  try {
    const scoreRemoval = async (method: string, maps: Float32Array, batch: ImageBatch, targets: Int32Array) => {
      for (const metric of removal) {
        const common = { model, images: batch, maps, targets, steps, batchSize: options.batchSize };
        if (metric === 'deletion' || metric === 'insertion') {
          const result = await (metric === 'deletion' ? deletionCurves(common) : insertionCurves(common));
          values.push({ method, metric: `${metric}-auc`, value: mean(result.auc) });
          for (let k = 0; k <= steps; k++) {
            const point = Array.from({ length: batch.n }, (_, i) => result.curves[i * (steps + 1) + k]);
            curves.push({ method, metric, step: k, fraction: k / steps, value: mean(point) });
          }
        } else {
          const result = await roadCurves({ ...common, order: metric === 'road-morf' ? 'morf' : 'lerf', seed });
          values.push({ method, metric, value: mean(result.mean) });
          for (let k = 0; k < steps - 1; k++) {
            const point = Array.from({ length: batch.n }, (_, i) => result.curves[i * (steps - 1) + k]);
            curves.push({ method, metric, step: k + 1, fraction: (k + 1) / steps, value: mean(point) });
          }
        }
      }
    };
    for (const { name, method } of options.methods) {
      const request = { graph, method, x, layer, targets: labels, inputBounds: options.inputBounds, batchSize: options.batchSize };
      if (metrics.includes('mprt')) {
        const mprt = cascadingRandomisation({ ...request, seed, examples: options.examples ?? 0 });
        if (mprt.examples > 0) randomisation.push({ method: name, layers: mprt.steps.map((s) => s.layers), height: mprt.height, width: mprt.width, maps: mprt.exampleMaps });
        const last = mprt.steps[mprt.steps.length - 1];
        values.push({ method: name, metric: 'mprt-spearman', value: last.spearman }, { method: name, metric: 'mprt-ssim', value: last.ssim });
        mprt.steps.forEach((step, k) => {
          const at = { method: name, step: k + 1, fraction: (k + 1) / mprt.steps.length };
          curves.push({ ...at, metric: 'mprt-spearman', value: step.spearman }, { ...at, metric: 'mprt-ssim', value: step.ssim });
        });
      }
      if (metrics.includes('random-logit')) {
        const similarity = randomLogit({ ...request, classes: options.classes, seed });
        values.push({ method: name, metric: 'random-logit-spearman', value: similarity.meanSpearman }, { method: name, metric: 'random-logit-ssim', value: similarity.meanSsim });
      }
      if (removal.length) {
        const maps = methodMaps(request);
        await scoreRemoval(name, mapsAtInputResolution(maps.maps, maps, images.height, images.width), images, labels);
      }
    }
    if (removal.length) {
      await scoreRemoval('random', randomMaps(images.n, images.height, images.width, seed), images, labels);
      const oracle = options.oracle;
      if (oracle && oracle.positions.length) {
        const size = images.height * images.width * images.channels;
        const data = new Float32Array(oracle.positions.length * size);
        oracle.positions.forEach((i, k) => data.set(images.data.subarray(i * size, (i + 1) * size), k * size));
        await scoreRemoval('planted', oracle.maps, { ...images, data, n: oracle.positions.length }, labels.filter((_, i) => oracle.positions.includes(i)));
      }
    }
  } finally {
    x.dispose();
  }
  return { values, curves, randomisation };
}
