import { I2xError } from '../util/I2xError.js';
import { assertImageBatch } from './assertImageBatch.js';
import { forEachBatchOnWorkers } from './forEachBatchOnWorkers.js';
import { withModelOnWorkers } from './withModelOnWorkers.js';
import type { ModelPayload } from './workerProtocol.js';
import type { WorkerPool } from './WorkerPool.js';

export interface SaliencyParallelOptions extends ModelPayload {
  /** cache the model on the workers under this key (see withModelOnWorkers); else it is sent per call */
  modelKey?: string;
  /** the layer whose activations are explained, e.g. stageOutputLayer('resnet8') */
  layer: string;
  /** [N, H, W, C] flat, normalised */
  images: Float32Array;
  shape: readonly [number, number, number, number];
  /** per-sample classes [N], or each sample's label, or its predicted (argmax) class */
  targets: Int32Array | 'label' | 'predicted';
  /** [N]; needed for targets 'label' */
  labels?: Int32Array;
  /** samples per worker request; default 128 */
  batchSize?: number;
}

export interface SaliencyParallelResult {
  /** [N, h, w] raw Grad-CAM maps, as gradCam returns them */
  maps: Float32Array;
  mapShape: [number, number, number];
  /** [N, classes] */
  logits: Float32Array;
  classes: number;
}

/**
 * Grad-CAM over a whole image set on the pool's workers: batches go to whichever worker is free and the
 * results are put back in sample order. Values equal single-thread `gradCam` (inference mode has no
 * batch dependence).
 */
export async function runSaliencyParallel(pool: WorkerPool, options: SaliencyParallelOptions): Promise<SaliencyParallelResult> {
  const count = assertImageBatch(options.images, options.shape, 'runSaliencyParallel');
  const targets = resolveTargets(options, count);
  const perImage = options.shape[1] * options.shape[2] * options.shape[3];
  let result: SaliencyParallelResult | undefined;
  await withModelOnWorkers(pool, options, (key) =>
    forEachBatchOnWorkers(pool, count, options.batchSize ?? 128, async (worker, start, end) => {
      const images = options.images.slice(start * perImage, end * perImage);
      const shape = [end - start, options.shape[1], options.shape[2], options.shape[3]];
      const batchTargets = targets === 'predicted' ? targets : targets.slice(start, end);
      const transfer = batchTargets === 'predicted' ? [images.buffer] : [images.buffer, batchTargets.buffer];
      const reply = await pool.request(worker, 'gradCam', { key, layer: options.layer, images, shape, targets: batchTargets }, transfer);
      const [, h, w] = reply.mapShape;
      const classes = reply.logits.length / (end - start);
      result ??= { maps: new Float32Array(count * h * w), mapShape: [count, h, w], logits: new Float32Array(count * classes), classes };
      result.maps.set(reply.maps, start * h * w);
      result.logits.set(reply.logits, start * classes);
    }),
  );
  return result ?? { maps: new Float32Array(0), mapShape: [0, 0, 0], logits: new Float32Array(0), classes: 0 };
}

function resolveTargets(options: SaliencyParallelOptions, count: number): Int32Array | 'predicted' {
  if (options.targets === 'predicted') return 'predicted';
  const targets = options.targets === 'label' ? options.labels : options.targets;
  if (!targets) throw new I2xError('E_CONFIG', `runSaliencyParallel: targets 'label' needs labels; pass labels (an Int32Array of ${count}).`);
  if (targets.length !== count) {
    throw new I2xError('E_DATA', `runSaliencyParallel: ${options.targets === 'label' ? 'labels' : 'targets'} hold ${targets.length} values for ${count} images.`);
  }
  return targets;
}
