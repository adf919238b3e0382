/**
 * The deletion-AUC figure of `npm run bench` (issue 16): Grad-CAM maps of `images` at the last stage, upsampled
 * to the input, then deletion in `steps` steps, every perturbed image of every sample through the model in
 * shared batches (targetProbabilities), on this thread or (`pool`) on a worker pool. A removal metric should cost
 * about its forward passes: compare `perturbed_img_s` with plain inference's images/s.
 *
 * Alone: `npx tsc -p tsconfig.json && nice -n 10 node dist/bench/deletionBench.js [images] [steps] [workers]`
 * (default 1000 MNIST training images, 20 steps, 2 workers; untrained resnet8, batch 128) prints this thread's
 * figure and the pool's, with the largest difference between their curves. `cpu_seconds` is the process's CPU time
 * over the measurement (every thread, workers included): on a shared machine, wall time is what the other processes
 * leave, and cpu_seconds / seconds says how many cores the measurement got.
 */
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../src/backend/selectBackend.js';
import { loadDataset } from '../src/data/loadDataset.js';
import { makeBatch } from '../src/data/makeBatch.js';
import { subsetDataset } from '../src/data/subsetDataset.js';
import { deletionCurves } from '../src/explain/quality/deletionInsertion.js';
import { mapsAtInputResolution } from '../src/explain/quality/mapsAtInputResolution.js';
import { methodMaps } from '../src/explain/quality/methodMaps.js';
import { modelOnPool, modelOnThisThread } from '../src/explain/quality/perturbationModels.js';
import { saliencyMethods } from '../src/explain/saliencyMethods.js';
import { buildResNet, stageOutputLayer } from '../src/models/buildResNet.js';
import { ModelGraph } from '../src/models/ModelGraph.js';
import { modelPayload } from '../src/models/parallel/modelPayload.js';
import { withModelOnWorkers } from '../src/models/parallel/withModelOnWorkers.js';
import { WorkerPool } from '../src/models/parallel/WorkerPool.js';

export interface DeletionBenchOptions {
  graph: ModelGraph;
  layer: string;
  images: Float32Array;
  labels: Int32Array;
  n: number;
  steps: number;
  batchSize: number;
  /** run the perturbed images on this pool (the model loaded once, before the clock starts); default this thread */
  pool?: WorkerPool;
}

export async function benchDeletion(options: DeletionBenchOptions) {
  const { graph, n, steps } = options;
  const data = options.images.subarray(0, n * 784);
  const targets = options.labels.subarray(0, n);
  const x = tf.tensor4d(data, [n, 28, 28, 1]);
  const small = methodMaps({ graph, method: saliencyMethods.method('gradcam'), x, layer: options.layer, targets, batchSize: 128 });
  x.dispose();
  const maps = mapsAtInputResolution(small.maps, small, 28, 28);
  const images = { data, n, height: 28, width: 28, channels: 1 };
  const measure = async (model: ReturnType<typeof modelOnThisThread>) => {
    await deletionCurves({ model, images: { ...images, n: 2, data: data.subarray(0, 2 * 784) }, maps: maps.subarray(0, 2 * 784), targets, steps: 2, batchSize: options.batchSize }); // warm-up
    const [t0, cpu0] = [performance.now(), process.cpuUsage()];
    const result = await deletionCurves({ model, images, maps, targets, steps, batchSize: options.batchSize });
    const cpu = process.cpuUsage(cpu0);
    return { result, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
  const pool = options.pool;
  const { result, seconds, cpuSeconds } = pool
    ? await withModelOnWorkers(pool, modelPayload(graph.model), (key) => measure(modelOnPool(pool, key)))
    : await measure(modelOnThisThread((batch) => graph.forward(batch, { mode: 'infer' }).get(graph.outputName) as tf.Tensor2D));
  const passes = n * (steps + 1);
  const meanAuc = result.auc.reduce((s, v) => s + v, 0) / n;
  return {
    figures: { images: n, steps, batch: options.batchSize, workers: pool?.size ?? 1, forward_passes: passes, seconds: Math.round(seconds * 100) / 100, cpu_seconds: Math.round(cpuSeconds * 100) / 100, images_per_s: Math.round((n / seconds) * 10) / 10, perturbed_img_s: Math.round((passes / seconds) * 10) / 10, mean_auc: Math.round(meanAuc * 1000) / 1000 },
    curves: result.curves,
  };
}

async function main(): Promise<void> {
  const [n, steps, workers] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 2)];
  await selectBackend('wasm');
  const dataset = subsetDataset(loadDataset({ name: 'mnist', split: 'train' }), { first: n });
  const batch = makeBatch(dataset, Int32Array.from({ length: n }, (_, i) => i));
  const model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 10, seed: 0 });
  const graph = ModelGraph.fromModel(model);
  const common = { graph, layer: stageOutputLayer('resnet8'), images: batch.images, labels: batch.labels, n, steps, batchSize: 128 };
  const thread = await benchDeletion(common);
  const pool = await WorkerPool.create({ workers, backend: 'wasm' });
  try {
    const onPool = await benchDeletion({ ...common, pool });
    let maxDifference = 0;
    for (let i = 0; i < thread.curves.length; i++) maxDifference = Math.max(maxDifference, Math.abs(thread.curves[i] - onPool.curves[i]));
    process.stdout.write(`${JSON.stringify({ one_thread: thread.figures, pool: onPool.figures, max_curve_difference: maxDifference, load_average: loadavg().map((v) => Math.round(v * 100) / 100) })}\n`);
  } finally {
    await pool.close();
    model.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
