import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { I2xError } from '../../../src/util/I2xError.js';
import { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';
import { WorkerTaskError } from '../../../src/parallel/WorkerTaskError.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
let pool: WorkerPool;

beforeAll(async () => {
  pool = await WorkerPool.create({ workers: 1, backend: 'wasm' });
});

afterAll(async () => {
  await pool.close();
});

describe('WorkerPool', () => {
  it('starts workers on the requested backend', async () => {
    expect(pool.size).toBe(1);
    expect(pool.backend).toBe('wasm');
    expect((await pool.request(0, 'usage', {})).numTensors).toBeGreaterThanOrEqual(0);
  });

  it("re-throws a worker's error with its message, code and both stacks", async () => {
    const error = await pool.request(0, 'getWeights', { key: 'missing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    const e = error as WorkerTaskError;
    expect(e.code).toBe('E_MODEL');
    expect(e.message).toMatch(/worker 0 failed on 'getWeights'.*No model is loaded under key 'missing'/);
    expect(e.stack).toMatch(/in worker 0:\n\s+at .*replicaWorker\.js/);
    expect(e.stack).toMatch(/requested from:\n\s+at /);
  });

  it('keeps working after a failed request', async () => {
    await expect(pool.request(0, 'dropModel', { key: 'missing' })).resolves.toEqual({});
  });

  it('refuses a worker count that is not a positive integer', async () => {
    await expect(WorkerPool.create({ workers: 0 })).rejects.toThrow(I2xError);
  });

  it('rejects requests after close', async () => {
    const short = await WorkerPool.create({ workers: 1 });
    await short.close();
    await expect(short.request(0, 'usage', {})).rejects.toThrow(/closed/);
  });
});
