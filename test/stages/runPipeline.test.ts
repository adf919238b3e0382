import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { pipelineStatus } from '../../src/stages/pipelineStatus.js';
import { runPipeline, type PipelineEvent } from '../../src/stages/runPipeline.js';
import type { ConfigKeyPath } from '../../src/config/ConfigKeyPath.js';
import type { Stage } from '../../src/stages/Stage.js';
import { I2xError } from '../../src/util/I2xError.js';
import { fakeStages } from './fakeStages.js';
import { WorkerPool } from '../../src/models/parallel/WorkerPool.js';

process.env.I2X_QUIET = '1';

async function expectStageError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(I2xError);
  expect((error as I2xError).code).toBe('E_STAGE');
  expect((error as Error).message).toMatch(pattern);
}

describe('runPipeline', () => {
  let artifactsRoot: string;
  let fake: ReturnType<typeof fakeStages>;
  const config = resolveConfig({ name: 'test-run' });
  beforeEach(() => {
    artifactsRoot = mkdtempSync(join(tmpdir(), 'i2x-stages-'));
    fake = fakeStages();
  });
  const run = (options: Partial<Parameters<typeof runPipeline>[2]> = {}, cfg = config) =>
    runPipeline(fake.stages, cfg, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot, ...options });

  it('runs every stage once, then finds them all cached', async () => {
    const events: PipelineEvent[] = [];
    const first = await run({ onEvent: (event) => events.push(event) });
    expect(first.runDir).toBe(join(artifactsRoot, 'test-run'));
    expect(first.stages.map((s) => s.status)).toEqual(['ran', 'ran', 'ran']);
    expect(events.filter((e) => e.type === 'start').map((e) => e.type === 'start' && e.reason)).toEqual(['missing', 'missing', 'missing']);
    expect(readFileSync(join(first.runDir, 'c', 'c.txt'), 'utf8')).toBe('dataset=mnist;epochs=6;c');
    const record = JSON.parse(readFileSync(join(first.runDir, 'b', 'stage.json'), 'utf8'));
    expect(record).toMatchObject({ stage: 'b', version: 1, fingerprint: first.stages[1].fingerprint, configSlice: { 'train.epochs': 6 }, summary: { epochs: 6, fingerprint: first.stages[1].fingerprint } }); // the stage sees its own fingerprint
    expect(record.inputs).toEqual({ a: first.stages[0].fingerprint });
    expect(JSON.parse(readFileSync(join(first.runDir, 'config.json'), 'utf8')).name).toBe('test-run');

    const second = await run();
    expect(second.stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached']);
    expect(fake.runs).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('reruns the stage that reads a changed key and everything downstream, not upstream', async () => {
    await run();
    const result = await run({}, resolveConfig({ name: 'test-run', train: { epochs: 4 } }));
    expect(result.stages.map((s) => s.status)).toEqual(['cached', 'ran', 'ran']);
    expect(fake.runs).toEqual({ a: 1, b: 2, c: 2 });
    expect(readFileSync(join(result.runDir, 'c', 'c.txt'), 'utf8')).toBe('dataset=mnist;epochs=4;c');
  });

  it('keeps the previous output of a stage that throws, removes its temp dir and names it', async () => {
    const first = await run();
    fake.failing.add('b');
    await expectStageError(run({}, resolveConfig({ name: 'test-run', train: { epochs: 4 } })), /stage 'b' failed.*b broke/);
    expect(readFileSync(join(first.runDir, 'b', 'b.txt'), 'utf8')).toBe('dataset=mnist;epochs=6');
    expect(existsSync(join(first.runDir, 'b', 'half.txt'))).toBe(true); // the old run's file, not the failed one's
    expect(readdirSync(first.runDir).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(fake.runs.c).toBe(1);
    const status = await pipelineStatus(fake.stages, resolveConfig({ name: 'test-run', train: { epochs: 4 } }), { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot });
    expect(status.map((s) => s.state)).toEqual(['done', 'stale', 'stale']);
  });

  it('a first run that fails leaves no stage directory', async () => {
    fake.failing.add('a');
    await expectStageError(run(), /stage 'a' failed/);
    expect(readdirSync(join(artifactsRoot, 'test-run'))).toEqual(['config.json']);
  });

  it('only runs one stage, and needs its inputs done', async () => {
    await expectStageError(run({ only: 'b' }), /cannot run only 'b': its input 'a' is missing/);
    await run();
    const result = await run({ only: 'c' });
    expect(result.stages.map((s) => [s.name, s.status])).toEqual([['c', 'ran']]);
    expect(fake.runs).toEqual({ a: 1, b: 1, c: 2 });
    await expectStageError(
      run({ only: 'c' }, resolveConfig({ name: 'test-run', train: { epochs: 9 } })),
      /its input 'b' is stale/,
    );
  });

  it('from reruns a stage and everything after it', async () => {
    await run();
    const result = await run({ from: 'b' });
    expect(result.stages.map((s) => s.status)).toEqual(['cached', 'ran', 'ran']);
    expect(fake.runs).toEqual({ a: 1, b: 2, c: 2 });
  });

  it('force reruns the named stages; unchanged fingerprints keep downstream cached', async () => {
    await run();
    const result = await run({ force: ['a'] });
    expect(result.stages.map((s) => s.status)).toEqual(['ran', 'cached', 'cached']);
    expect(fake.runs).toEqual({ a: 2, b: 1, c: 1 });
  });

  it('rejects unknown stage names, listing the stages', async () => {
    await expectStageError(run({ only: 'x' }), /only: unknown stage 'x'; stages: a, b, c/);
    await expectStageError(run({ from: 'y' }), /from: unknown stage 'y'; stages: a, b, c/);
    await expectStageError(run({ force: ['a', 'z'] }), /force: unknown stage 'z'; stages: a, b, c/);
    await expectStageError(run({ only: 'a', from: 'b' }), /cannot be combined/);
  });

  it('uses the run id, defaulting to the config name', async () => {
    const result = await run({ runId: 'other' });
    expect(result.runDir).toBe(join(artifactsRoot, 'other'));
    await expectStageError(run({ runId: '../escape' }), /run id '..\/escape' is not usable/);
  });

  it('checks the wiring: inputs must be earlier stages, config keys must exist, reads must be declared', async () => {
    const [a, b, c] = fake.stages;
    await expectStageError(runPipeline([b, a], config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot }), /stage 'b' reads 'a', which is not an earlier stage/);
    await expectStageError(
      // a typo the type refuses; the runner refuses it too
      runPipeline([{ ...a, configKeys: ['train.epoch'] as unknown as ConfigKeyPath[] }], config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot }),
      /stage 'a': unknown config key path 'train.epoch'/,
    );
    const sneaky: Stage<'a'> = {
      name: 'sneaky',
      version: 1,
      configKeys: [],
      inputs: [],
      async run(ctx) {
        ctx.inputDir('a');
        return { summary: {} };
      },
    };
    await expectStageError(runPipeline([a, sneaky], config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot }), /stage 'sneaky' failed.*not in its inputs/);
    const paths = { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot };
    const peeking: Stage = { ...sneaky, name: 'peeking', configKeys: ['train.epochs'], async run(ctx) {
      return { summary: { lr: ctx.config.train.lr } }; // typed as the whole config here; at run time only train.epochs is there
    } };
    await expectStageError(runPipeline([peeking], config, paths), /stage 'peeking' failed.*\[E_STAGE\] stage 'peeking' read the config key 'train\.lr', which is not in its configKeys \(train\.epochs\)/);
    const loading: Stage = { ...sneaky, name: 'loading', async run(ctx) {
      ctx.datasets();
      return { summary: {} };
    } };
    await expectStageError(runPipeline([loading], config, paths), /stage 'loading' read the datasets, but its uses \(none\) lack 'datasets'/);
    expect(c.name).toBe('c');
  });

  it('removes the temp directories a killed run left, at the start of the stage that owns them, and keeps a live process\'s', async () => {
    const first = await run();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has exited
    const left = [`.b.tmp-${dead}-0123abcd`, `b.old-${dead}-1700000000000`, `.a.tmp-${dead}-0123abcd`, `.b.tmp-${process.pid}-live0000`];
    for (const name of left) mkdirSync(join(first.runDir, name));
    writeFileSync(join(first.runDir, `.config.json.${dead}.1700000000000.tmp`), '{');
    await run({ only: 'b' });
    const names = readdirSync(first.runDir).filter((name) => name !== 'config.json' && !['a', 'b', 'c'].includes(name));
    // b's leftovers and config.json's are gone; a's stays until a runs; this process's own temp is not touched
    expect(names.sort()).toEqual([`.a.tmp-${dead}-0123abcd`, `.b.tmp-${process.pid}-live0000`].sort());
    await run({ only: 'a' });
    expect(existsSync(join(first.runDir, `.a.tmp-${dead}-0123abcd`))).toBe(false);
  });

  it('leaves config.json untouched when the config has not changed, so a cached run writes nothing', async () => {
    const first = await run();
    const path = join(first.runDir, 'config.json');
    const before = statSync(path);
    await new Promise((done) => setTimeout(done, 20));
    await run();
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    await run({}, resolveConfig({ name: 'test-run', train: { epochs: 4 } }));
    expect(JSON.parse(readFileSync(path, 'utf8')).train.epochs).toBe(4);
  });

  it('treats a stage whose outputs outside its directory have gone missing as stale, says why, and reruns it', async () => {
    const outside = join(artifactsRoot, 'outside.txt');
    const [a, b, c] = fake.stages;
    const keeper: typeof b = {
      ...b,
      async run(ctx) {
        const result = await b.run(ctx);
        writeFileSync(outside, ctx.fingerprint);
        return result;
      },
      async missingOutputs(ctx) {
        return existsSync(outside) && readFileSync(outside, 'utf8') === ctx.fingerprint ? undefined : `${outside} (written by b)`;
      },
    };
    const stages = [a, keeper, c];
    await runPipeline(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot });
    expect((await pipelineStatus(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot })).map((s) => s.state)).toEqual(['done', 'done', 'done']);
    rmSync(outside);
    const status = await pipelineStatus(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot });
    expect(status.map((s) => s.state)).toEqual(['done', 'stale', 'done']);
    expect(status[1].why).toBe(`output missing: ${outside} (written by b)`);
    await expectStageError(runPipeline(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot, only: 'c' }), /its input 'b' is stale \(output missing/);
    const events: PipelineEvent[] = [];
    const rerun = await runPipeline(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot, onEvent: (event) => events.push(event) });
    expect(rerun.stages.map((s) => s.status)).toEqual(['cached', 'ran', 'cached']); // same fingerprint: c's output still holds
    expect(events.find((e) => e.type === 'start')).toMatchObject({ stage: 'b', reason: 'stale', why: expect.stringMatching(/^output missing/) });
    expect(readFileSync(outside, 'utf8')).toBe(rerun.stages[1].fingerprint);
  });

  it('stops before a stage when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectStageError(run({ signal: controller.signal }), /stage 'a' failed/);
    expect(fake.runs.a).toBe(0);
  });
});

describe('pipelineStatus', () => {
  it('reports missing, done and stale with times', async () => {
    const artifactsRoot = mkdtempSync(join(tmpdir(), 'i2x-status-'));
    const { stages } = fakeStages();
    const config = resolveConfig({});
    expect((await pipelineStatus(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot })).map((s) => s.state)).toEqual(['missing', 'missing', 'missing']);
    await runPipeline(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot });
    const done = await pipelineStatus(stages, config, { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot });
    expect(done.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(done[0].dir).toBe(join(artifactsRoot, 'quickstart', 'a'));
    expect(Date.parse(done[0].finishedAt!)).not.toBeNaN();
    expect(done[0].durationMs).toBeGreaterThanOrEqual(0);
    const changed = await pipelineStatus(stages, resolveConfig({ data: { dataset: 'fashion-mnist' } }), { root: artifactsRoot, checkpointsRoot: 'checkpoints', artifactsRoot });
    expect(changed.map((s) => s.state)).toEqual(['stale', 'stale', 'stale']);
  });
  it('lends every stage of one call the same worker threads, and ends them when the call returns or fails', async () => {
    const seen: number[][] = [];
    const pooled = (name: string, inputs: string[], fail = false): Stage<string> => ({
      name,
      version: 1,
      configKeys: ['workers'],
      inputs,
      async run(ctx) {
        const pool = await ctx.executor.openPool();
        try {
          seen.push(pool.threadIds);
          await pool.requestAll('usage', () => ({}));
          if (fail) throw new Error(`${name} broke`);
        } finally {
          await pool.close();
        }
        return { summary: {} };
      },
    });
    const cfg = resolveConfig({ name: 'pooled', workers: 2 });
    const root = mkdtempSync(join(tmpdir(), 'i2x-pooled-'));
    const paths = { root, checkpointsRoot: 'checkpoints', artifactsRoot: root };
    const created = vi.spyOn(WorkerPool, 'create');
    try {
      await runPipeline([pooled('p1', []), pooled('p2', ['p1']), pooled('p3', ['p2'])], cfg, paths);
      expect(created).toHaveBeenCalledTimes(1);
      expect(seen).toHaveLength(3);
      expect(new Set(seen.map((ids) => ids.join(','))).size).toBe(1);
      expect(seen[0]).toHaveLength(2);

      await expectStageError(runPipeline([pooled('p1', []), pooled('q2', ['p1'], true), pooled('q3', ['q2'])], cfg, { ...paths, force: ['p1'] }), /stage 'q2' failed.*q2 broke/);
      expect(created).toHaveBeenCalledTimes(2);
      // a new call, new threads: the first call's were ended when it returned
      expect(seen[3]).not.toEqual(seen[0]);
      expect(seen[4]).toEqual(seen[3]);
    } finally {
      created.mockRestore();
    }
  });
});
