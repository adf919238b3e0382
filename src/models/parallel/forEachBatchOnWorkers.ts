import type { WorkerPool } from './WorkerPool.js';

/**
 * Splits `count` samples into batches of `batchSize` and runs them on the pool's workers as they free
 * up (dynamic scheduling, so a slower worker takes fewer batches). Each worker is kept `depth` requests
 * deep, so it never waits for the main thread between batches. Stops handing out work at the first
 * failure and throws it once the batches already posted have settled.
 */
export async function forEachBatchOnWorkers(
  pool: WorkerPool,
  count: number,
  batchSize: number,
  run: (worker: number, start: number, end: number) => Promise<void>,
  depth = 2,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (worker: number) => {
    while (!failure && next < count) {
      const start = next;
      next = Math.min(count, start + batchSize);
      try {
        await run(worker, start, next);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes: Promise<void>[] = [];
  for (let w = 0; w < pool.size; w++) for (let d = 0; d < depth; d++) lanes.push(lane(w));
  await Promise.all(lanes);
  if (failure) throw failure.error;
}
