import type { ModelPayload } from './workerProtocol.js';
import type { WorkerPool } from './WorkerPool.js';

/** Per pool, the model keys its workers hold (or are loading). */
const cached = new WeakMap<WorkerPool, Map<string, Promise<unknown>>>();
let temporaryKeys = 0;

/**
 * Runs `body` with the model loaded on every worker of `pool` under some key. With `modelKey`, the model
 * is sent once and stays on the workers for later calls with the same key (until `dropModel`, or the pool
 * closes): the key must change whenever the weights do (a checkpoint fingerprint is a good key). Without
 * it, the model is sent for this call only and dropped afterwards. Weights are copied, never detached.
 */
export async function withModelOnWorkers<T>(pool: WorkerPool, model: ModelPayload & { modelKey?: string }, body: (key: string) => Promise<T>): Promise<T> {
  const keys = cached.get(pool) ?? new Map<string, Promise<unknown>>();
  cached.set(pool, keys);
  const key = model.modelKey ?? `call:${++temporaryKeys}`;
  let loading = keys.get(key);
  if (!loading) {
    loading = pool.requestAll('loadModel', () => ({ key, modelJson: model.modelJson, weights: model.weights }));
    if (model.modelKey) {
      keys.set(key, loading);
      loading.catch(() => keys.delete(key));
    }
  }
  try {
    await loading;
    return await body(key);
  } finally {
    if (!model.modelKey) await pool.requestAll('dropModel', () => ({ key }));
  }
}

/** Frees a model cached on the workers under `modelKey`. */
export async function dropModel(pool: WorkerPool, modelKey: string): Promise<void> {
  cached.get(pool)?.delete(modelKey);
  await pool.requestAll('dropModel', () => ({ key: modelKey }));
}
