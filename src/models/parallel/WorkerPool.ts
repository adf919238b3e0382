import { Worker } from 'node:worker_threads';
import type { BackendChoice } from '../../backend/selectBackend.js';
import { I2xError } from '../../util/I2xError.js';
import { replicaWorkerUrl } from './replicaWorkerUrl.js';
import { WorkerTaskError } from '../../parallel/WorkerTaskError.js';
import type { ParamsOf, ReplyEnvelope, ReplyOf, RequestEnvelope, WorkerMethod } from './workerProtocol.js';

export interface WorkerPoolOptions {
  /** number of worker threads, >= 1 (one per core is the useful maximum) */
  workers: number;
  /** the backend every worker selects; default 'wasm' (single-threaded in Node, hence the workers) */
  backend?: BackendChoice;
}

interface PendingRequest {
  worker: number;
  method: string;
  stack?: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed set of worker threads, each running its own tfjs backend (see replicaWorker.ts), spoken to
 * through the typed requests of `WorkerProtocol`. A worker answers its requests in the order they were
 * posted. Errors thrown in a worker reject the request with a `WorkerTaskError` carrying the worker's
 * message and stack. Idle workers do not keep the process alive, but `close()` (in a `finally`) is the
 * way to end them.
 */
/** Request ids are unique in the process: a pool and its leases listen to the same threads. */
let nextRequestId = 1;
/** Requests awaiting a reply, per thread, whichever pool object posted them: a thread keeps the process alive while it has any. */
const inFlight = new WeakMap<Worker, number>();

export class WorkerPool {
  private readonly pending = new Map<number, PendingRequest>();
  private readonly failed: (Error | undefined)[];
  private readonly detach: (() => void)[] = [];
  private closed = false;
  /** the backend the workers run on, as selectBackend named it */
  backend = '';

  /**
   * `handBack` set: this object is a lease of threads that another WorkerPool owns (see `lease`), and close()
   * hands them back instead of ending them.
   */
  private constructor(
    private readonly workers: Worker[],
    private readonly handBack: ((interrupted: boolean) => Promise<void>) | null = null,
  ) {
    this.failed = workers.map(() => undefined);
    workers.forEach((worker, index) => {
      if (handBack === null) worker.unref();
      const onMessage = (reply: ReplyEnvelope) => this.settle(reply);
      const onError = (err: Error) => this.fail(index, err);
      const onExit = (code: number) => {
        if (!this.closed) this.fail(index, new I2xError('E_BACKEND', `worker ${index} exited with code ${code}`));
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      this.detach.push(() => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
    });
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new I2xError('E_CONFIG', `WorkerPool workers ${options.workers} is not accepted; it must be an integer >= 1.`);
    }
    const url = replicaWorkerUrl();
    const pool = new WorkerPool(Array.from({ length: options.workers }, () => new Worker(url)));
    try {
      const replies = await Promise.all(pool.workers.map((_, i) => pool.request(i, 'init', { backend: options.backend ?? 'wasm' })));
      pool.backend = replies[0].backend;
      return pool;
    } catch (err) {
      await pool.close();
      throw err;
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** the threads' ids (Worker.threadId), to tell one set of threads from another */
  get threadIds(): number[] {
    return this.workers.map((worker) => worker.threadId);
  }

  /** true once a worker crashed or exited: every later request to it fails */
  get broken(): boolean {
    return this.failed.some((error) => error !== undefined);
  }

  /**
   * A pool over these same threads for one user (PoolKeeper hands them out), with requests of its own. Its
   * close() ends nothing: it calls `handBack`, saying whether requests were still pending (their replies will
   * still come, so the threads are not ready for another user until they do).
   */
  lease(handBack: (interrupted: boolean) => Promise<void>): WorkerPool {
    if (this.closed) throw new I2xError('E_BACKEND', 'WorkerPool is closed; it cannot be leased.');
    if (this.handBack !== null) throw new I2xError('E_BACKEND', 'A leased WorkerPool cannot be leased again; lease its owner.');
    const lease = new WorkerPool(this.workers, handBack);
    lease.backend = this.backend;
    this.failed.forEach((error, i) => (lease.failed[i] = error));
    return lease;
  }

  /**
   * Posts one request to worker `worker`. Buffers in `transfer` move to the worker (they become
   * unusable here): pass only buffers made for this request, never a caller's array.
   */
  request<M extends WorkerMethod>(worker: number, method: M, params: ParamsOf<M>, transfer: ArrayBuffer[] = []): Promise<ReplyOf<M>> {
    if (this.closed) return Promise.reject(new I2xError('E_BACKEND', `WorkerPool is closed; '${method}' was requested after close().`));
    const broken = this.failed[worker];
    if (broken) return Promise.reject(broken);
    const id = nextRequestId++;
    const envelope: RequestEnvelope<M> = { id, method, params };
    return new Promise<ReplyOf<M>>((resolve, reject) => {
      this.pending.set(id, { worker, method, stack: new Error().stack, resolve: resolve as (v: unknown) => void, reject });
      const thread = this.workers[worker];
      const before = inFlight.get(thread) ?? 0;
      inFlight.set(thread, before + 1);
      if (before === 0) thread.ref();
      this.workers[worker].postMessage(envelope, transfer);
    });
  }

  /** The same request to every worker (params built per worker, so each can get its own buffers). */
  requestAll<M extends WorkerMethod>(method: M, params: (worker: number) => ParamsOf<M>, transfer: (params: ParamsOf<M>) => ArrayBuffer[] = () => []): Promise<ReplyOf<M>[]> {
    return Promise.all(this.workers.map((_, i) => {
      const p = params(i);
      return this.request(i, method, p, transfer(p));
    }));
  }

  /** Terminates every worker (a lease hands them back instead); requests still pending are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const interrupted = this.pending.size > 0;
    for (const [id, request] of this.pending) {
      request.reject(new I2xError('E_BACKEND', `WorkerPool was closed while '${request.method}' was pending on worker ${request.worker}.`));
      this.pending.delete(id);
      this.release(request.worker);
    }
    if (this.handBack !== null) {
      for (const detach of this.detach) detach();
      await this.handBack(interrupted || this.broken);
      return;
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(reply: ReplyEnvelope): void {
    const request = this.pending.get(reply.id);
    if (!request) return;
    this.pending.delete(reply.id);
    this.release(request.worker);
    if (reply.ok) request.resolve(reply.result);
    else request.reject(new WorkerTaskError(request.worker, request.method, reply.error, request.stack));
  }

  /** A worker that crashed or exited fails its pending requests and every later one. */
  private fail(worker: number, err: Error): void {
    // the first report wins: an uncaught exception is followed by the exit it causes
    const error = (this.failed[worker] ??= err instanceof I2xError ? err : new WorkerTaskError(worker, 'worker thread', { name: err.name, message: err.message, stack: err.stack }));
    for (const [id, request] of this.pending) {
      if (request.worker !== worker) continue;
      this.pending.delete(id);
      this.release(worker);
      request.reject(error);
    }
  }

  private release(worker: number): void {
    const thread = this.workers[worker];
    const left = (inFlight.get(thread) ?? 1) - 1;
    inFlight.set(thread, left);
    if (left === 0) thread.unref();
  }
}
