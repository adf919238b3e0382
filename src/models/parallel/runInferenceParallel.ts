import { assertImageBatch } from '../../parallel/assertImageBatch.js';
import { forEachBatchOnWorkers } from './forEachBatchOnWorkers.js';
import { withModelOnWorkers } from './withModelOnWorkers.js';
import type { ModelPayload } from './workerProtocol.js';
import type { WorkerPool } from './WorkerPool.js';

export interface InferenceParallelOptions extends ModelPayload {
  /** cache the model on the workers under this key (see withModelOnWorkers); else it is sent per call */
  modelKey?: string;
  /** [N, H, W, C] flat, normalised */
  images: Float32Array;
  shape: readonly [number, number, number, number];
  /** also return this layer's output (feature extraction) */
  capture?: string;
  /** samples per worker request; default 128 */
  batchSize?: number;
}

export interface InferenceParallelResult {
  /** [N, classes] */
  logits: Float32Array;
  classes: number;
  /** [N, ...layer output shape] when `capture` was given, e.g. [N, h, w, C] */
  activations?: Float32Array;
  activationShape?: number[];
}

/** Inference-mode forward passes over a whole image set on the pool's workers, results in sample order. */
export async function runInferenceParallel(pool: WorkerPool, options: InferenceParallelOptions): Promise<InferenceParallelResult> {
  const count = assertImageBatch(options.images, options.shape, 'runInferenceParallel');
  const perImage = options.shape[1] * options.shape[2] * options.shape[3];
  let result: InferenceParallelResult | undefined;
  await withModelOnWorkers(pool, options, (key) =>
    forEachBatchOnWorkers(pool, count, options.batchSize ?? 128, async (worker, start, end) => {
      const images = options.images.slice(start * perImage, end * perImage);
      const shape = [end - start, options.shape[1], options.shape[2], options.shape[3]];
      const reply = await pool.request(worker, 'infer', { key, images, shape, capture: options.capture }, [images.buffer]);
      const classes = reply.logits.length / (end - start);
      if (!result) {
        result = { logits: new Float32Array(count * classes), classes };
        if (reply.activations && reply.activationShape) {
          result.activationShape = [count, ...reply.activationShape.slice(1)];
          result.activations = new Float32Array((reply.activations.length / (end - start)) * count);
        }
      }
      result.logits.set(reply.logits, start * classes);
      if (reply.activations && result.activations) result.activations.set(reply.activations, start * (reply.activations.length / (end - start)));
    }),
  );
  return result ?? { logits: new Float32Array(0), classes: 0 };
}
