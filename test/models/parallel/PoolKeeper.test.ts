import { describe, expect, it } from 'vitest';
import { buildResNet } from '../../../src/models/buildResNet.js';
import { modelPayload } from '../../../src/models/parallel/modelPayload.js';
import { PoolKeeper } from '../../../src/models/parallel/PoolKeeper.js';
import type { WorkerPool } from '../../../src/models/parallel/WorkerPool.js';

// Workers run the compiled dist/src/models/parallel/replicaWorker.js: `npm run build` first (npm test does).
const SIDE = 8;
const payload = modelPayload(buildResNet({ arch: 'resnet8', inputShape: [SIDE, SIDE, 1], classes: 2, width: 0.25, seed: 5 }));
const image = () => new Float32Array(SIDE * SIDE).fill(0.5);

const load = (pool: WorkerPool, key: string) => pool.requestAll('loadModel', () => ({ key, modelJson: payload.modelJson, weights: payload.weights.slice() }));
const infer = (pool: WorkerPool, key: string) => pool.request(0, 'infer', { key, images: image(), shape: [1, SIDE, SIDE, 1] });
const tensors = async (pool: WorkerPool) => (await pool.requestAll('usage', () => ({}))).map((u) => u.numTensors);

describe('PoolKeeper', () => {
  it('lends the same threads to one lease after another, each starting with no model and no tensor left', async () => {
    const keeper = new PoolKeeper();
    try {
      const first = await keeper.open(2);
      const threads = first.threadIds;
      expect(new Set(threads).size).toBe(2);
      const before = await tensors(first);
      await load(first, 'm');
      expect((await infer(first, 'm')).logits).toHaveLength(2);
      expect(await tensors(first)).not.toEqual(before);
      await first.close();
      await expect(first.request(0, 'usage', {})).rejects.toThrow(/closed/);

      const second = await keeper.open(2);
      expect(second.threadIds).toEqual(threads);
      await expect(infer(second, 'm')).rejects.toThrow(/No model is loaded under key 'm'/);
      expect(await tensors(second)).toEqual(before);
      await second.close();
    } finally {
      await keeper.close();
    }
  });

  it('lets leases nest: the inner one sees the outer one\'s models, and they are dropped when the last is closed', async () => {
    const keeper = new PoolKeeper();
    try {
      const outer = await keeper.open(2);
      await load(outer, 'm');
      const inner = await keeper.open(2);
      expect(inner.threadIds).toEqual(outer.threadIds);
      expect((await infer(inner, 'm')).logits).toHaveLength(2);
      await inner.close();
      expect((await infer(outer, 'm')).logits).toHaveLength(2);
      await outer.close();
      const next = await keeper.open(2);
      expect(next.threadIds).toEqual(outer.threadIds);
      await expect(infer(next, 'm')).rejects.toThrow(/No model is loaded/);
      await next.close();
    } finally {
      await keeper.close();
    }
  });

  it('ends threads a lease left with requests pending, and the next lease gets new ones', async () => {
    const keeper = new PoolKeeper();
    try {
      const lease = await keeper.open(1);
      const pending = lease.request(0, 'usage', {}).catch((error: unknown) => error);
      await lease.close();
      expect(String(await pending)).toMatch(/closed while 'usage' was pending/);
      const next = await keeper.open(1);
      expect(next.threadIds[0]).not.toBe(lease.threadIds[0]);
      expect((await next.request(0, 'usage', {})).numTensors).toBeGreaterThanOrEqual(0);
      await next.close();
    } finally {
      await keeper.close();
    }
  });

  it('replaces kept threads that died while no lease held them, and keeps the new ones', async () => {
    const keeper = new PoolKeeper();
    try {
      const lease = await keeper.open(2);
      const threads = lease.threadIds;
      await lease.close();
      // a thread of the idle kept pool dies (as after an out-of-memory crash)
      const worker = (lease as unknown as { workers: { terminate(): Promise<number> }[] }).workers[1];
      await worker.terminate();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = await keeper.open(2);
      expect(next.broken).toBe(false);
      expect(next.threadIds.some((id) => threads.includes(id))).toBe(false);
      expect((await next.request(1, 'usage', {})).numTensors).toBeGreaterThanOrEqual(0);
      await next.close();
      const again = await keeper.open(2);
      expect(again.threadIds).toEqual(next.threadIds);
      await again.close();
    } finally {
      await keeper.close();
    }
  });

  it('gives another thread count a pool of its own, ended by its close; close() ends the kept threads under an open lease', async () => {
    const keeper = new PoolKeeper();
    const kept = await keeper.open(2);
    const other = await keeper.open(1);
    expect(kept.threadIds).not.toContain(other.threadIds[0]);
    await other.close();
    await expect(other.request(0, 'usage', {})).rejects.toThrow(/closed/);
    expect((await kept.request(1, 'usage', {})).numTensors).toBeGreaterThanOrEqual(0);
    await keeper.close();
    await expect(kept.request(0, 'usage', {})).rejects.toThrow(/exited/);
    await kept.close();
  });
});
