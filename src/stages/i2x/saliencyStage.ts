import * as tf from '@tensorflow/tfjs';
import { makeBatch } from '../../data/makeBatch.js';
import { normalizedInputBounds } from '../../data/normalizedInputBounds.js';
import { modelPayload } from '../../models/parallel/modelPayload.js';
import { runSaliencyParallel } from '../../models/parallel/runSaliencyParallel.js';
import { saliencyMethods } from '../../explain/saliencyMethods.js';
import { legibilityMetricsBatch } from '../../explain/legibility/legibilityMetrics.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { ModelGraph } from '../../models/ModelGraph.js';
import { I2xError } from '../../util/I2xError.js';
import { defineStage } from '../Stage.js';
import { batchTensor } from './batchTensor.js';
import { featureLayerOf } from './featureLayerOf.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

const BATCH = 128;

/**
 * For every checkpoint, the raw saliency map of every training sample at the feature layer ([N, h, w]), its
 * logits and softmax confidences ([N, classes]), the final dense layer's input ([N, D], for TracIn) and the maps' legibility ([N, 3]: contrast, blobs, Gini), from one
 * forward pass each (files: src/stages/i2x/artifacts/saliencyArtifacts.ts). Maps stay unnormalised; see the intensities stage.
 * The method (any of saliencyMethods) runs on `workers` worker threads when that is more than 1.
 */
export const saliencyStage = defineStage({
  name: 'saliency',
  version: 5, // 5: inference and Grad-CAM's 3x3 convolutions by Winograd F(2x2, 3x3) (maps, logits and activations differ in the last bits); 3: its files carry format tags; 4: it keeps the logits and the penultimate activations (issue 14's scores)
  // workers: it runs on a worker pool when more than 1 (the maps are the same; the summary names the count)
  configKeys: ['data', 'model', 'analysis.saliency', 'workers'],
  uses: ['datasets', 'backend'],
  inputs: ['train'],
  async run(ctx) {
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const layer = featureLayerOf(ctx.config.model);
    const { train } = ctx.datasets();
    const classes = train.classNames.length;
    const inputBounds = normalizedInputBounds(train);
    const progress = ctx.progress('saliency', checkpoints.length * train.count);
    const started = performance.now();
    let architecture: string | null = null;
    const saliency = ctx.config.analysis.saliency;
    const pool = ctx.executor.workers > 1 ? await ctx.executor.openPool() : null;
    const allImages = pool ? makeBatch(train, Int32Array.from({ length: train.count }, (_, i) => i)) : null;
    try {
    let mapShape: [number, number] = [0, 0];
    for (const [t, checkpoint] of checkpoints.entries()) {
      const { model } = await loadCheckpoint(checkpoint.dir);
      const signature = JSON.stringify(model.layers.map((l: tf.layers.Layer) => [l.name, l.getClassName(), l.getWeights().map((w: tf.Tensor) => w.shape)]));
      architecture ??= signature;
      if (signature !== architecture) {
        throw new I2xError('E_CHECKPOINT', `checkpoint ${checkpoint.dir} has a different architecture from ${checkpoints[0].dir}; every checkpoint of a run must share layers and weight shapes`);
      }
      const graph = ModelGraph.fromModel(model);
      graph.assertLayer(layer, 'saliency layer (model.featureLayer)');
      let maps: Float32Array | null = null;
      const confidences = new Float32Array(train.count * classes);
      const logits = new Float32Array(train.count * classes);
      const withHead = graph.headInputName !== null;
      let headInputs: Float32Array | null = null;
      let headWidth = 0;
      if (pool) {
        // on every worker (each its own wasm backend), batches in sample order
        const result = await runSaliencyParallel(pool, {
          ...modelPayload(model),
          methods: saliencyMethods,
          method: saliency.method,
          layer,
          images: allImages!.images,
          shape: [train.count, train.height, train.width, train.channels],
          targets: saliency.target,
          labels: train.labels,
          inputBounds,
          batchSize: BATCH,
          headInputs: withHead,
        });
        maps = result.maps;
        logits.set(result.logits);
        if (withHead) {
          headInputs = result.headInputs!;
          headWidth = result.headWidth!;
        }
        mapShape = [result.mapShape[1], result.mapShape[2]];
        // (a tidy returns the tensor: one that returned the typed array would walk all its values as a tensor container)
        const probs = tf.tidy(() => tf.softmax(tf.tensor2d(result.logits, [train.count, classes])));
        confidences.set(probs.dataSync() as Float32Array);
        probs.dispose();
        progress.update((t + 1) * train.count);
      }
      for (let start = 0; !pool && start < train.count; start += BATCH) {
        const end = Math.min(train.count, start + BATCH);
        const { x, labels } = batchTensor(train, start, end);
        const result = saliencyMethods.compute({ graph, x, layer, method: saliency.method, target: saliency.target, labels, inputBounds, headInputs: withHead });
        const [, h, w] = result.maps.shape;
        if (!maps) {
          maps = new Float32Array(train.count * h * w);
          mapShape = [h, w];
        }
        maps.set(result.maps.dataSync() as Float32Array, start * h * w);
        logits.set(result.logits.dataSync() as Float32Array, start * classes);
        if (result.headInputs) {
          headWidth = result.headInputs.shape[1];
          headInputs ??= new Float32Array(train.count * headWidth);
          headInputs.set(result.headInputs.dataSync() as Float32Array, start * headWidth);
        }
        const probs = tf.tidy(() => tf.softmax(result.logits));
        confidences.set(probs.dataSync() as Float32Array, start * classes);
        tf.dispose([x, labels, result.maps, result.logits, probs, ...(result.headInputs ? [result.headInputs] : [])]);
        progress.update(t * train.count + end);
      }
      for (let i = 0; i < confidences.length; i++) {
        if (!Number.isFinite(confidences[i])) {
          throw new I2xError('E_ANALYSIS', `checkpoint ${checkpoint.name}: the confidence of training sample ${Math.floor(i / classes)} is ${confidences[i]}; the model's outputs are not finite (diverged training?)`);
        }
      }
      // legibility of every map: contrast, blobs, Gini (columns of [N, 3])
      const legibility = new Float32Array(train.count * 3);
      legibilityMetricsBatch(maps!, train.count, mapShape[0], mapShape[1]).forEach((m, i) => legibility.set([m.contrast, m.blobs, m.gini], i * 3));
      saliencyArtifacts.writeCheckpoint(ctx.outputDir, checkpoint.name, {
        maps: { data: maps!, shape: [train.count, ...mapShape] },
        legibility: { data: legibility, shape: [train.count, 3] },
        confidences: { data: confidences, shape: [train.count, classes] },
        logits: { data: logits, shape: [train.count, classes] },
        headInputs: headInputs ? { data: headInputs, shape: [train.count, headWidth] } : null,
      });
      model.dispose();
    }
    } finally {
      pool?.close();
    }
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    saliencyArtifacts.writeCheckpointNames(ctx.outputDir, checkpoints.map((c) => c.name));
    return {
      summary: { method: saliency.method, workers: pool ? ctx.config.workers : 1, layer, checkpoints: checkpoints.length, samples: train.count, imagesPerSecond: Math.round((checkpoints.length * train.count) / seconds) },
    };
  },
});
