/**
 * The deletion-AUC figure of `npm run bench` (issue 16): Grad-CAM maps of `images` at the last stage, upsampled
 * to the input, then deletion in `steps` steps, every perturbed image of every sample through the model in
 * shared batches (targetProbabilities). A removal metric should cost about its forward passes: compare
 * `perturbed_img_s` with plain inference's images/s.
 */
import * as tf from '@tensorflow/tfjs';
import { deletionCurves } from '../src/explain/quality/deletionInsertion.js';
import { mapsAtInputResolution } from '../src/explain/quality/mapsAtInputResolution.js';
import { methodMaps } from '../src/explain/quality/methodMaps.js';
import { saliencyMethods } from '../src/explain/saliencyMethods.js';
import type { ModelGraph } from '../src/models/ModelGraph.js';

export function benchDeletion(options: { graph: ModelGraph; layer: string; images: Float32Array; labels: Int32Array; n: number; steps: number; batchSize: number }) {
  const { graph, n, steps } = options;
  const data = options.images.subarray(0, n * 784);
  const targets = options.labels.subarray(0, n);
  const x = tf.tensor4d(data, [n, 28, 28, 1]);
  const small = methodMaps({ graph, method: saliencyMethods.method('gradcam'), x, layer: options.layer, targets, batchSize: 128 });
  x.dispose();
  const maps = mapsAtInputResolution(small.maps, small, 28, 28);
  const logits = (batch: tf.Tensor4D) => graph.forward(batch, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D;
  const images = { data, n, height: 28, width: 28, channels: 1 };
  deletionCurves({ logits, images: { ...images, n: 2, data: data.subarray(0, 2 * 784) }, maps: maps.subarray(0, 2 * 784), targets, steps: 2, batchSize: options.batchSize }); // warm-up
  const t0 = performance.now();
  const result = deletionCurves({ logits, images, maps, targets, steps, batchSize: options.batchSize });
  const seconds = (performance.now() - t0) / 1000;
  const passes = n * (steps + 1);
  const meanAuc = result.auc.reduce((s, v) => s + v, 0) / n;
  return { images: n, steps, batch: options.batchSize, forward_passes: passes, seconds: Math.round(seconds * 100) / 100, images_per_s: Math.round((n / seconds) * 10) / 10, perturbed_img_s: Math.round((passes / seconds) * 10) / 10, mean_auc: Math.round(meanAuc * 1000) / 1000 };
}
