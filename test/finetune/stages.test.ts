import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolKeeper } from '../../src/models/parallel/PoolKeeper.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import type { I2xConfig } from '../../src/config/configSchema.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { prepareDatasets } from '../../src/data/prepareDatasets.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import { saveCheckpoint } from '../../src/models/saveCheckpoint.js';
import type { StructuredExplanation } from '../../src/analysis/structuredExplanation.js';
import type { UncertainPrototype } from '../../src/analysis/uncertainPrototypes.js';
import { curationArtifacts } from '../../src/stages/i2x/artifacts/curationArtifacts.js';
import { explanationArtifacts } from '../../src/stages/i2x/artifacts/explanationArtifacts.js';
import { intensitiesArtifacts } from '../../src/stages/i2x/artifacts/intensitiesArtifacts.js';
import { prototypesArtifacts } from '../../src/stages/i2x/artifacts/prototypesArtifacts.js';
import { scoresArtifacts } from '../../src/stages/i2x/artifacts/scoresArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';
import { curationStage } from '../../src/stages/i2x/curationStage.js';
import { finetuneStage } from '../../src/stages/i2x/finetuneStage.js';
import { firstPhaseSet } from '../../src/stages/i2x/firstPhaseSet.js';
import type { AnyStage } from '../../src/stages/Stage.js';
import { runDatasets } from '../../src/stages/runDatasets.js';
import { stageContext } from '../../src/stages/stageContext.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeConfusions } from '../../src/store/writers/writeConfusions.js';
import { useTempDir } from '../data/fixtures/useTempDir.js';
import { writeIdx } from '../data/fixtures/writeIdx.js';
import { expectI2xRejection, quietProgress } from '../models/fixtures/trainFixtures.js';
import { barDataset } from './fixtures/barDataset.js';

const makeDir = useTempDir();
const K = 3;

/** IDX files of bar images, and the analysis outputs the two stages read, made by hand. */
async function analysedRun(): Promise<{ root: string; config: (finetune?: Record<string, unknown>, data?: Record<string, unknown>) => I2xConfig; inputs: Record<string, string> }> {
  const root = makeDir('finetune-stages');
  const idx = join(root, 'idx');
  mkdirSync(idx);
  for (const [prefix, count, seed] of [['train', 60, 1], ['t10k', 30, 2]] as const) {
    const ds = barDataset(count, seed);
    writeIdx(join(idx, `${prefix}-images-idx3-ubyte`), [count, 12, 12], Array.from(ds.images, (v) => Math.round(v * 255)));
    writeIdx(join(idx, `${prefix}-labels-idx1-ubyte`), [count], ds.labels);
  }
  const config = (finetune: Record<string, unknown> = {}, data: Record<string, unknown> = {}) =>
    resolveConfig({
      name: 'finetune-stage-test',
      data: { dataset: 'idx', path: idx, trainSubset: null, testSubset: null, valFraction: 0.2, ...data },
      model: { arch: 'resnet8', width: 0.25 },
      train: { batchSize: 16 },
      analysis: { uncertain: { pairs: [[0, 1]] } },
      finetune: { strategies: ['full', 'curated->full', 'random->full'], seeds: 2, lr: 3e-3, pairs: [[0, 1]], curation: { minArea: 2, intensityThreshold: null, maxRemovedFraction: 0.5 }, ...finetune },
      store: { path: join(root, 'i2x.duckdb') },
    });
  const { train } = prepareDatasets(config().data, 0);
  const N = train.count;

  const inputs = Object.fromEntries(['train', 'prototypes', 'intensities', 'explanation', 'scores'].map((name) => [name, join(root, name)]));
  for (const dir of Object.values(inputs)) mkdirSync(dir);
  const model = buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 10, width: 0.25, seed: 0 });
  const meta = await saveCheckpoint({
    runDir: join(root, 'checkpoints'),
    model,
    meta: {
      name: 'step-000000', step: 0, epoch: 0, learningRate: null, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null,
      testLoss: null, testAccuracy: null, testConfusion: null, classes: 10, fingerprint: null, config: null, source: { kind: 'trained' },
    },
  });
  model.dispose();
  trainArtifacts.write(inputs.train, [{ name: meta.name, dir: join(root, 'checkpoints', meta.name), step: 0, epoch: 0, testAccuracy: null }]);
  // 3x3 maps: p1 covers 2 positions of every 4th sample (n % 4 = 0), 1 position of n % 4 = 1; p2 fills n % 4 = 2
  const assignments = new Int32Array(N * 9);
  for (let n = 0; n < N; n++) {
    if (n % 4 === 0) assignments.fill(1, n * 9, n * 9 + 2);
    if (n % 4 === 1) assignments[n * 9] = 1;
    if (n % 4 === 2) assignments.fill(2, n * 9, n * 9 + 9);
  }
  prototypesArtifacts.write(inputs.prototypes, { assignments: { data: assignments, samples: N, height: 3, width: 3 }, pca: null!, kmeans: null! });
  intensitiesArtifacts.write(inputs.intensities, { data: new Float32Array(N * K).fill(0.5), shape: [1, N, K] });
  // curation reads only the prototype and pair of each uncertain prototype
  const uncertain = [{ prototype: 1, pair: [1, 0] }, { prototype: 2, pair: [1, 2] }] as UncertainPrototype[];
  explanationArtifacts.write(inputs.explanation, { explanation: {} as StructuredExplanation, uncertain });
  // scores by hand: 'self-confidence' = the sample index (the last samples of each class are the most suspect), 'aum' = 0 for all (ties)
  const scores = new Map([['self-confidence', Float64Array.from({ length: N }, (_, n) => n)], ['aum', new Float64Array(N)]]);
  scoresArtifacts.write(inputs.scores, { methods: [...scores.keys()], scores, learningRates: [0.1] });
  return { root, config, inputs };
}

/** The context the runner would give `stage` in a run under `root`, its inputs in `inputs`. */
function context(stage: AnyStage, config: I2xConfig, outputDir: string, inputs: Record<string, string>, fingerprint = 'finetune-fingerprint') {
  mkdirSync(outputDir, { recursive: true });
  const root = dirname(outputDir);
  const data = runDatasets(config, root);
  return stageContext(stage, config, {
    root,
    runId: `finetune-stage-test-${process.pid}`,
    fingerprint,
    outputDir,
    checkpointDir: join(root, 'checkpoints', `finetune-stage-test-${process.pid}`),
    storePath: config.store.path,
    inputDir: (name) => inputs[name],
    datasets: data.datasets,
    log: () => {},
    progress: quietProgress,
    signal: new AbortController().signal,
    pools,
  });
}

// the worker threads every stage of this file runs on, as runPipeline lends one set to all stages of a call
const pools = new PoolKeeper();

describe('curation and finetune stages', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  afterAll(async () => {
    await pools.close();
  });

  it('curate the run, fine-tune it with 3 strategies x 2 seeds, and write results, table and store rows', async () => {
    const { root, config, inputs } = await analysedRun();
    const cfg = config();
    const N = prepareDatasets(cfg.data, 0).train.count;
    const curationCtx = context(curationStage, cfg, join(root, 'out-curation'), inputs);
    const curation = await curationStage.run(curationCtx);
    const expectedRemoved = Math.ceil(N / 4);
    expect(curation.summary).toMatchObject({ removed: expectedRemoved, samples: N, prototypes: [1] });
    const { record, removed, randomRemoved } = curationArtifacts.read(curationCtx.outputDir);
    expect(removed.reduce((s, f) => s + f, 0)).toBe(expectedRemoved);
    expect([...removed.keys()].filter((n) => removed[n])).toEqual(Array.from({ length: expectedRemoved }, (_, i) => 4 * i));
    expect(record.removedSamples[0]).toMatchObject({ sample: 0, reasons: [{ prototype: 1, area: 2, intensity: null }] });
    const { train } = prepareDatasets(cfg.data, 0);
    const perClass = (mask: Uint8Array) => [0, 1, 2].map((c) => [...mask.keys()].filter((n) => mask[n] && train.labels[n] === c).length);
    expect(perClass(randomRemoved)).toEqual(perClass(removed));
    expect(randomRemoved).not.toEqual(removed);

    const ctx = context(finetuneStage, cfg, join(root, 'out-finetune'), { train: inputs.train, curation: curationCtx.outputDir });
    const { summary } = await finetuneStage.run(ctx);
    expect(summary.runs).toBe(6);
    const results = JSON.parse(readFileSync(join(ctx.outputDir, 'results.json'), 'utf8'));
    expect(results.runs.map((r: { strategy: string; seed: number }) => `${r.strategy}/${r.seed}`)).toEqual([
      'full/0', 'full/1', 'curated->full/0', 'curated->full/1', 'random->full/0', 'random->full/1',
    ]);
    expect(results.runs[2].phases.map((p: { samples: number }) => p.samples)).toEqual([N - expectedRemoved, N]);
    expect(results.table.map((row: { strategy: string; seeds: number }) => [row.strategy, row.seeds])).toEqual([['full', 2], ['curated->full', 2], ['random->full', 2]]);
    const table = readFileSync(join(ctx.outputDir, 'table.txt'), 'utf8').trimEnd().split('\n');
    expect(table).toHaveLength(6);
    expect(table[0]).toMatch(/^strategy +seeds +test accuracy \(%\) +vs full \(pp, paired, 95% CI\) +predictions as full \(%\) +0<->1 confusions$/); // no full->full here: the first strategy is the reference
    expect(table[3]).toMatch(/^full +2 +\d+\.\d\d ± \d+\.\d\d +reference +reference +\d/);
    expect(table[5]).toMatch(/^random->full +2 +\d+\.\d\d ± \d+\.\d\d +[-+]\d+\.\d\d \[[-+]\d+\.\d\d, [-+]\d+\.\d\d\] /);
    const comparisons = readFileSync(join(ctx.outputDir, 'comparisons.txt'), 'utf8');
    expect(comparisons).toMatch(/^curated->full +full +test accuracy \(pp\) +2 /m); // vs the reference 'full', on 2 seeds
    expect(comparisons).toMatch(/^random->full +full +confusions 0<->1 +2 /m);
    expect(existsSync(ctx.checkpointDir)).toBe(false); // no fine-tuning checkpoints are written

    const store = await I2xStore.create(cfg.store.path);
    try {
      const count = async (sql: string) => (await store.query(sql, [ctx.runId])).rows[0][0];
      expect(await count('SELECT count(*) FROM curation WHERE run_id = ?')).toBe(N);
      expect(await count('SELECT count(*) FROM curation WHERE run_id = ? AND removed')).toBe(expectedRemoved);
      expect(await count("SELECT min(reason) FROM curation WHERE run_id = ? AND removed")).toBe('p1 (area 2)');
      expect(await count('SELECT count(*) FROM finetune_results WHERE run_id = ?')).toBe(6);
      expect(await count("SELECT n_train FROM finetune_results WHERE run_id = ? AND strategy = 'curated->full' AND seed = 1")).toBe(N - expectedRemoved);
      expect(await count("SELECT count(*) FROM confusions WHERE run_id = ? AND source = 'finetune'")).toBe(6 * 100);
      expect(await count("SELECT sum(count) FROM confusions WHERE run_id = ? AND source = 'finetune' AND checkpoint_or_strategy = 'full' AND seed = 0")).toBe(30);
      // finetune_comparisons: 2 strategies x (test accuracy, 0<->1 confusions) against 'full', paired by seed
      const comparisonRows = (await store.query('SELECT strategy, baseline, metric, n, mean_diff, t_low, t_high, invocation FROM finetune_comparisons WHERE run_id = ? ORDER BY strategy, metric', [ctx.runId])).rows;
      expect(comparisonRows.map((r) => r.slice(0, 4))).toEqual([
        ['curated->full', 'full', 'confusions 0<->1', 2],
        ['curated->full', 'full', 'test_accuracy', 2],
        ['random->full', 'full', 'confusions 0<->1', 2],
        ['random->full', 'full', 'test_accuracy', 2],
      ]);
      const acc = (strategy: string, seed: number) => results.runs.find((r: { strategy: string; seed: number }) => r.strategy === strategy && r.seed === seed).testAccuracy as number;
      const meanDiff = ((acc('random->full', 0) - acc('full', 0)) + (acc('random->full', 1) - acc('full', 1))) / 2;
      const [, , , , mean, low, high, invocation] = comparisonRows[3];
      expect(mean as number).toBeCloseTo(meanDiff, 12);
      expect(low as number).toBeLessThanOrEqual(mean as number);
      expect(high as number).toBeGreaterThanOrEqual(mean as number);
      expect(invocation).toBe(ctx.fingerprint);
      // agreement: per strategy and seed the share of the 30 test images predicted as 'full' of the same seed predicts them,
      // counted here from the stored test predictions; 1 for 'full' itself; its mean over the seeds on each comparison row
      const predictions = (await store.query("SELECT ref, sample, predicted FROM test_predictions WHERE run_id = ? AND source = 'finetune'", [ctx.runId])).rows;
      const predicted = new Map(predictions.map(([ref, sample, p]) => [`${ref}#${sample}`, p]));
      const agreed = (strategy: string, seed: number) => Array.from({ length: 30 }, (_, i) => Number(predicted.get(`${strategy}/${seed}#${i}`) === predicted.get(`full/${seed}#${i}`))).reduce((a, b) => a + b, 0) / 30;
      const storedAgreement = (await store.query('SELECT strategy, seed, agreement FROM finetune_results WHERE run_id = ? ORDER BY strategy, seed', [ctx.runId])).rows;
      expect(predictions).toHaveLength(6 * 30);
      for (const [strategy, seed, agreement] of storedAgreement) expect(agreement).toBe(agreed(strategy as string, seed as number));
      expect(storedAgreement.filter((r) => r[0] === 'full').map((r) => r[2])).toEqual([1, 1]);
      const comparisonAgreement = (await store.query('SELECT strategy, metric, agreement FROM finetune_comparisons WHERE run_id = ? ORDER BY strategy, metric', [ctx.runId])).rows;
      for (const [strategy, , agreement] of comparisonAgreement) expect(agreement as number).toBeCloseTo((agreed(strategy as string, 0) + agreed(strategy as string, 1)) / 2, 12);
      const percent = (v: number) => (100 * v).toFixed(2);
      expect(comparisons).toContain("the share of test images each strategy's final model predicts as full's model of the same seed does:");
      expect(comparisons).toMatch(new RegExp(`^random->full +2 +0: ${percent(agreed('random->full', 0))}, 1: ${percent(agreed('random->full', 1))} +${percent((agreed('random->full', 0) + agreed('random->full', 1)) / 2)}$`, 'm'));
    } finally {
      store.close();
    }
  });

  it('a finetune invocation with fewer strategies replaces every fine-tuning row of the run, naming its invocation', async () => {
    const { root, config, inputs } = await analysedRun();
    const evaluateOnly = { epochs: { first: 0, second: 0 } }; // no training: the base model is evaluated per strategy
    const curationCtx = context(curationStage, config(), join(root, 'out-curation'), inputs);
    await curationStage.run(curationCtx);
    const N = prepareDatasets(config().data, 0).train.count;
    const runId = curationCtx.runId;
    const finetuneInputs = { train: inputs.train, curation: curationCtx.outputDir };
    const store = () => I2xStore.create(config().store.path);
    const before = await store();
    try {
      await writeConfusions(before, runId, 'checkpoint', '0', null, Int32Array.from({ length: 100 }, (_, i) => i), 10); // not the stage's
    } finally {
      before.close();
    }

    await finetuneStage.run(context(finetuneStage, config(evaluateOnly), join(root, 'out-three'), finetuneInputs, 'fingerprint-of-three'));
    await finetuneStage.run(context(finetuneStage, config({ ...evaluateOnly, strategies: ['full'], seeds: 1 }), join(root, 'out-one'), finetuneInputs, 'fingerprint-of-one'));

    const after = await store();
    try {
      const rows = async (sql: string) => (await after.query(sql, [runId])).rows;
      expect(await rows('SELECT strategy, seed, invocation FROM finetune_results WHERE run_id = ? ORDER BY ALL')).toEqual([['full', 0, 'fingerprint-of-one']]);
      expect(await rows(`SELECT checkpoint_or_strategy, seed, count(*)::INTEGER FROM confusions WHERE run_id = ? AND source = 'finetune' GROUP BY ALL`)).toEqual([['full', 0, 100]]);
      expect(await rows(`SELECT count(*)::INTEGER, sum(count)::INTEGER FROM confusions WHERE run_id = ? AND source = 'checkpoint'`)).toEqual([[100, 4950]]);
      expect(await rows('SELECT invocation, count(*)::INTEGER FROM curation WHERE run_id = ? GROUP BY ALL')).toEqual([['fingerprint-of-one', N]]);
      // three strategies wrote comparisons; one strategy has nothing to compare, and the old rows are gone
      expect(await rows('SELECT count(*)::INTEGER FROM finetune_comparisons WHERE run_id = ?')).toEqual([[0]]);
    } finally {
      after.close();
    }
    // its outputs are store rows: present for the invocation that wrote them, missing for the replaced one and without the store
    const check = (fingerprint: string) => finetuneStage.missingOutputs!({ runId, stageDir: join(root, 'out-one'), fingerprint, checkpointDir: join(root, 'checkpoints', runId), storePath: config().store.path });
    expect(await check('fingerprint-of-one')).toBeUndefined();
    expect(await check('fingerprint-of-three')).toBe(`this invocation's finetune_results rows of run '${runId}' in the store ${config().store.path}`);
    rmSync(config().store.path);
    expect(await check('fingerprint-of-one')).toBe(`the store ${config().store.path}`);
  });

  it('curation by score: the method and each baseline remove the rule\'s per-class counts by their scores, with the planted fraction of each', async () => {
    const { root, config, inputs } = await analysedRun();
    const plant = [{ kind: 'label-flip', from: 0, to: 1, fraction: 0.5 }];
    const curation = { minArea: 2, intensityThreshold: null, maxRemovedFraction: 0.5, method: 'self-confidence', baselines: ['aum'] };
    const cfg = config({ curation, strategies: ['full', 'curated'], seeds: 1, epochs: { first: 0, second: 0 } }, { plant });
    const { train, planted } = prepareDatasets(cfg.data, 0);
    const N = train.count;
    const curationCtx = context(curationStage, cfg, join(root, 'out-curation'), inputs);
    const { summary } = await curationStage.run(curationCtx);
    const { record, removed, randomRemoved, baselineRemoved } = curationArtifacts.read(curationCtx.outputDir);

    // reference: the rule removes n % 4 = 0 (p1 over 2 positions); self-confidence = n takes each class's last
    // samples, aum (all 0, ties) its first ones, as many per class as the rule
    const classOf = (c: number) => [...train.labels.keys()].filter((n) => train.labels[n] === c);
    const budget = [0, 1, 2].map((c) => classOf(c).filter((n) => n % 4 === 0).length);
    const mask = (pick: (members: number[], count: number) => number[]) => {
      const out = new Uint8Array(N);
      budget.forEach((count, c) => pick(classOf(c), count).forEach((n) => (out[n] = 1)));
      return Array.from(out);
    };
    const last = mask((members, count) => members.slice(members.length - count));
    const first = mask((members, count) => members.slice(0, count));
    expect(record.budget.slice(0, 3)).toEqual(budget);
    expect(Array.from(removed)).toEqual(last);
    expect(Array.from(baselineRemoved.get('aum')!)).toEqual(first);
    expect(record.baselines).toEqual(['aum']);
    expect(record.method).toBe('self-confidence');
    expect(record.removedSamples[0]).toEqual({ sample: last.indexOf(1), label: train.labels[last.indexOf(1)], reasons: [], score: last.indexOf(1) });
    const plantedTrain = new Set(planted.filter((p) => p.split === 'train').map((p) => p.sample));
    expect(plantedTrain.size).toBeGreaterThan(0);
    const fraction = (flags: ArrayLike<number>) => {
      const taken = [...Array(N).keys()].filter((n) => flags[n]);
      return taken.filter((n) => plantedTrain.has(n)).length / taken.length;
    };
    expect(record.plantedSamples).toBe(plantedTrain.size);
    expect(record.removals.map((r) => [r.set, r.removed, r.plantedFraction])).toEqual([
      ['curated', budget[0] + budget[1] + budget[2], fraction(last)],
      ['random', budget[0] + budget[1] + budget[2], fraction(randomRemoved)],
      ['aum', budget[0] + budget[1] + budget[2], fraction(first)],
    ]);
    expect(summary.removals).toMatchObject({ aum: { plantedFraction: fraction(first) } });
    expect(record.removals.some((r) => r.planted! > 0) && record.removals.some((r) => r.planted! < r.removed)).toBe(true); // the fractions tell planted from clean

    // the finetune stage adds 'aum->full', trained on aum's set; the store's curation reasons name the score
    const ctx = context(finetuneStage, cfg, join(root, 'out-finetune'), { train: inputs.train, curation: curationCtx.outputDir });
    await finetuneStage.run(ctx);
    const results = JSON.parse(readFileSync(join(ctx.outputDir, 'results.json'), 'utf8'));
    expect(results.runs.map((r: { strategy: string }) => r.strategy)).toEqual(['full', 'curated', 'aum->full']);
    const store = await I2xStore.create(cfg.store.path);
    try {
      const reason = (await store.query('SELECT reason FROM curation WHERE run_id = ? AND sample = ?', [ctx.runId, last.indexOf(1)])).rows[0][0];
      expect(reason).toBe(`self-confidence score ${last.indexOf(1).toPrecision(6)}`);
    } finally {
      store.close();
    }
  });

  it('action mask: the curated and random sets keep every sample, with the selected cells at the background value', async () => {
    const { root, config, inputs } = await analysedRun();
    const cfg = config({ strategies: ['curated', 'random->full'], seeds: 1, epochs: { first: 1, second: 0 }, curation: { minArea: 2, intensityThreshold: null, maxRemovedFraction: 0.5, action: 'mask' } });
    const { train } = prepareDatasets(cfg.data, 0);
    const N = train.count;
    const curationCtx = context(curationStage, cfg, join(root, 'out-curation'), inputs);
    const { summary } = await curationStage.run(curationCtx);
    const { record, removed, randomRemoved, maskedCells } = curationArtifacts.read(curationCtx.outputDir);

    // reference: the rule selects n % 4 = 0 for p1, which is at positions 0 and 1 of their 3x3 maps
    const selected = Array.from({ length: Math.ceil(N / 4) }, (_, i) => 4 * i);
    expect([...removed.keys()].filter((n) => removed[n])).toEqual(selected);
    expect(summary).toMatchObject({ action: 'mask', removed: selected.length });
    const curatedCells = maskedCells.get('curated')!;
    const expectedCells = new Uint8Array(N * 9);
    for (const n of selected) expectedCells.fill(1, n * 9, n * 9 + 2);
    expect(curatedCells).toEqual(expectedCells);
    // background: the most common raw pixel of the training split, counted here over the sorted pixels
    const sorted = Float32Array.from(train.images).sort();
    let mode = sorted[0];
    let best = 0;
    for (let i = 0, run = 1; i < sorted.length; i++, run = sorted[i] === sorted[i - 1] ? run + 1 : 1) if (run > best) [best, mode] = [run, sorted[i]];
    expect(record.action).toBe('mask');
    expect(record.mask).toEqual({ background: [mode], featureShape: { height: 3, width: 3 } });
    expect(record.removedSamples.map((s) => [s.sample, s.maskedCells])).toEqual(selected.map((n) => [n, 2]));
    // the random control: as many samples per class, 2 cells each, at seeded cells
    const randomCells = maskedCells.get('random')!;
    const cellsOf = (cells: Uint8Array, n: number) => cells.subarray(n * 9, (n + 1) * 9).reduce((a, f) => a + f, 0);
    const perClass = (mask: Uint8Array) => [0, 1, 2].map((c) => [...mask.keys()].filter((n) => mask[n] && train.labels[n] === c).length);
    expect(perClass(randomRemoved)).toEqual(perClass(removed));
    expect([...Array(N).keys()].map((n) => cellsOf(randomCells, n))).toEqual([...Array(N).keys()].map((n) => (randomRemoved[n] ? 2 : 0)));
    expect(randomCells).not.toEqual(curatedCells);
    expect(record.removals.map((r) => [r.set, r.removed, r.maskedCells])).toEqual([['curated', selected.length, 2 * selected.length], ['random', selected.length, 2 * selected.length]]);

    // the sets the first phase trains on: 12x12 images over 3x3 cells, so cell p is rows 4 * floor(p / 3) .. +3, columns 4 * (p % 3) .. +3
    const curation = curationArtifacts.read(curationCtx.outputDir);
    for (const [set, cells] of [['curated', curatedCells], ['random', randomCells]] as const) {
      const phase = firstPhaseSet(train, curation, set);
      expect(phase.count).toBe(N);
      expect(phase.labels).toEqual(train.labels);
      let masked = 0;
      let changed = 0;
      for (let n = 0; n < N; n++) {
        for (let y = 0; y < 12; y++) {
          for (let x = 0; x < 12; x++) {
            const i = n * 144 + y * 12 + x;
            const inMaskedCell = cells[n * 9 + Math.floor(y / 4) * 3 + Math.floor(x / 4)] === 1;
            expect(phase.images[i], `${set} sample ${n} pixel (${y}, ${x})`).toBe(inMaskedCell ? Math.fround(mode) : train.images[i]);
            masked += inMaskedCell ? 1 : 0;
            changed += inMaskedCell && train.images[i] !== Math.fround(mode) ? 1 : 0;
          }
        }
      }
      expect(masked, set).toBe(selected.length * 2 * 16);
      expect(record.removals.find((r) => r.set === set)!.changedValues, set).toBe(changed);
      expect(changed, set).toBeGreaterThan(0);
    }

    const ctx = context(finetuneStage, cfg, join(root, 'out-finetune'), { train: inputs.train, curation: curationCtx.outputDir });
    await finetuneStage.run(ctx);
    const results = JSON.parse(readFileSync(join(ctx.outputDir, 'results.json'), 'utf8'));
    expect(results.runs.map((r: { strategy: string; phases: { samples: number }[] }) => [r.strategy, r.phases.map((p) => p.samples)])).toEqual([['curated', [N]], ['random->full', [N]]]);
    const table = readFileSync(join(ctx.outputDir, 'table.txt'), 'utf8').trimEnd().split('\n');
    expect(table.at(-1)).toBe(`curated and random sets: every sample kept, ${selected.length} of ${N} masked (finetune.curation.action: mask)`);
    const store = await I2xStore.create(cfg.store.path);
    try {
      const rows = async (sql: string) => (await store.query(sql, [ctx.runId])).rows;
      expect(await rows('SELECT count(*)::INTEGER, count(*) FILTER (removed)::INTEGER, count(reason)::INTEGER FROM curation WHERE run_id = ?')).toEqual([[N, 0, selected.length]]);
      expect(await rows('SELECT DISTINCT reason FROM curation WHERE run_id = ? AND reason IS NOT NULL')).toEqual([['masked 2 cells: p1 (area 2)']]);
      expect(await rows('SELECT strategy, n_train, n_removed FROM finetune_results WHERE run_id = ? ORDER BY strategy')).toEqual([['curated', N, 0], ['random->full', N, 0]]);
    } finally {
      store.close();
    }
  });

  it('a curation over maxRemovedFraction fails in the curation stage, writing nothing', async () => {
    const { root, config, inputs } = await analysedRun();
    const ctx = context(curationStage, config({ curation: { minArea: 2, maxRemovedFraction: 0.1 } }), join(root, 'out-curation'), inputs);
    await expectI2xRejection(curationStage.run(ctx), 'E_FINETUNE', 'finetune.curation.maxRemovedFraction = 0.1');
    expect(existsSync(join(ctx.outputDir, 'curation.json'))).toBe(false);
  });
});
