import { I2xError, type I2xErrorCode } from '../util/I2xError.js';

/** What a worker reports when a request fails: enough to rebuild the error in the main thread. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

/**
 * An error thrown inside a worker, re-thrown in the main thread. It keeps the worker's message and code
 * (an I2xError's code survives the trip; anything else becomes E_BACKEND) and its stack holds both the
 * worker's frames and the main-thread frames that made the request.
 */
export class WorkerTaskError extends I2xError {
  readonly worker: number;
  readonly method: string;
  readonly workerStack: string | undefined;

  constructor(worker: number, method: string, error: SerializedError, requestStack?: string) {
    const code = (error.code && /^E_[A-Z]+$/.test(error.code) ? error.code : 'E_BACKEND') as I2xErrorCode;
    super(code, `worker ${worker} failed on '${method}': ${error.name}: ${error.message}`);
    this.name = 'WorkerTaskError';
    this.worker = worker;
    this.method = method;
    this.workerStack = error.stack;
    const frames = (stack: string | undefined) => (stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n');
    this.stack = `${this.name}: ${this.message}\n  -- in worker ${worker}:\n${frames(error.stack)}\n  -- requested from:\n${frames(requestStack)}`;
  }
}
