import { currentBackend } from '../../backend/selectBackend.js';
import type { PoolKeeper } from './PoolKeeper.js';
import { WorkerPool } from './WorkerPool.js';

/**
 * Where a stage's work runs: this thread (`workers` 1), or a pool of `workers` threads, opened when the work
 * asks for it and closed by whoever opened it. The stage context hands one down (sized by the `workers` key
 * the stage declares), so training and saliency do not decide for themselves how many threads they take.
 */
export interface Executor {
  readonly workers: number;
  /** a pool of `workers` threads on the backend in use: a lease of `keeper`'s when there is one, else a new pool */
  openPool(): Promise<WorkerPool>;
  /** true when openPool lends the same threads each time (a PoolKeeper's), so a later opening costs next to nothing */
  readonly sharesPool: boolean;
}

export function executor(workers: number, keeper?: PoolKeeper): Executor {
  return {
    workers,
    sharesPool: keeper !== undefined,
    openPool: () => (keeper ? keeper.open(workers) : WorkerPool.create({ workers, backend: currentBackend()?.name ?? 'wasm' })),
  };
}
