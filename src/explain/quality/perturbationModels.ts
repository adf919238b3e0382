import * as tf from '@tensorflow/tfjs';
import { forEachBatchOnWorkers } from '../../models/parallel/forEachBatchOnWorkers.js';
import type { WorkerPool } from '../../models/parallel/WorkerPool.js';
import type { Logits, PerturbationModel } from './perturbationBatches.js';

/** The perturbed images through `logits` on this thread, one chunk at a time (one chunk buffer alive). */
export function modelOnThisThread(logits: Logits): PerturbationModel {
  return {
    async forEachChunk(count, batchSize, run) {
      for (let start = 0; start < count; start += batchSize) {
        await run(start, Math.min(count, start + batchSize), async (images, shape) => {
          // the tidy returns the tensor: returning its typed array would make tf.tidy walk every value
          const out = tf.tidy(() => logits(tf.tensor4d(images, shape)));
          try {
            return out.dataSync() as Float32Array;
          } finally {
            out.dispose();
          }
        });
      }
    },
  };
}

/**
 * The perturbed images through the model loaded on `pool`'s workers under `key` (withModelOnWorkers), chunks
 * handed to the workers as they free up, two in flight per worker (forEachBatchOnWorkers): the main thread builds
 * the next chunks while the workers run the last ones. A chunk's buffer moves to its worker.
 */
export function modelOnPool(pool: WorkerPool, key: string): PerturbationModel {
  return {
    forEachChunk(count, batchSize, run) {
      return forEachBatchOnWorkers(pool, count, batchSize, (worker, start, end) =>
        run(start, end, async (images, shape) => (await pool.request(worker, 'infer', { key, images, shape }, [images.buffer as ArrayBuffer])).logits),
      );
    },
  };
}
