import { currentBackend } from '../../backend/selectBackend.js';
import { WorkerPool } from './WorkerPool.js';

/**
 * One set of worker threads for every stage of a pipeline call, instead of a new pool per stage: opening one
 * costs each thread about a second of importing tfjs and starting its backend, and a fine-tuning invocation
 * used to open one per training phase. `open` hands out leases of the kept pool (WorkerPool.lease); they
 * may nest (fine-tuning evaluates on a lease while each training phase opens another). When the last
 * lease is closed the threads drop every model they hold, so the next user starts as on a new pool.
 * A pool whose lease ended with requests pending, or whose thread failed (during a lease or while idle), is
 * ended, and the next `open` starts a new one, which is kept in its place. A request for another thread count than the kept pool's gets a pool of its own.
 * Whoever made the keeper calls `close()` (in a `finally`).
 */
export class PoolKeeper {
  private kept: Promise<WorkerPool> | null = null;
  private leases = 0;
  /** set when the kept pool must end as soon as its last lease is handed back */
  private retire = false;

  async open(workers: number): Promise<WorkerPool> {
    const backend = currentBackend()?.name ?? 'wasm';
    if (this.kept === null) {
      this.kept = WorkerPool.create({ workers, backend });
      this.retire = false;
    }
    const kept = this.kept;
    let pool: WorkerPool;
    try {
      pool = await kept;
    } catch (err) {
      if (this.kept === kept) this.kept = null;
      throw err;
    }
    if (pool.broken && this.leases === 0) {
      // a thread died while nobody held the pool: end it and keep a new one instead of lending out dead threads
      await this.end(kept);
      return this.open(workers);
    }
    if (pool.size !== workers || pool.broken) return WorkerPool.create({ workers, backend });
    this.leases++;
    return pool.lease(async (interrupted) => {
      this.leases--;
      if (interrupted) this.retire = true;
      if (this.leases > 0) return;
      if (!this.retire) {
        try {
          await pool.requestAll('reset', () => ({}));
        } catch {
          this.retire = true;
        }
      }
      if (this.retire) await this.end(kept);
    });
  }

  /** Ends the kept threads; leases still open fail their later requests. */
  async close(): Promise<void> {
    if (this.kept !== null) await this.end(this.kept);
  }

  private async end(kept: Promise<WorkerPool>): Promise<void> {
    if (this.kept === kept) this.kept = null;
    await (await kept.catch(() => null))?.close();
  }
}
