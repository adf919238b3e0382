import { readdirSync, readFileSync, renameSync, rmSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { i2xPipeline } from '../../pipelines/i2x.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { diffRuns } from '../../src/cli/diffRuns.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { prepareDatasets } from '../../src/data/prepareDatasets.js';
import { pipelineStatus } from '../../src/stages/pipelineStatus.js';
import { detectionArtifacts } from '../../src/stages/i2x/artifacts/detectionArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';
import { runPipeline } from '../../src/stages/runPipeline.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { schema } from '../../src/store/schema.js';

process.env.I2X_QUIET = '1';

/** Every table's rows of the run, in a fixed order, for comparing whole loads. */
async function runRows(path: string, runId: string): Promise<Record<string, unknown[][]>> {
  const store = await I2xStore.create(path);
  try {
    const out: Record<string, unknown[][]> = {};
    for (const table of Object.keys(schema)) {
      const columns = Object.keys(schema[table as keyof typeof schema].columns).filter((c) => c !== 'created_at');
      out[table] = (await store.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table} WHERE run_id = $1 ORDER BY ALL`, [runId])).rows;
    }
    return out;
  } finally {
    store.close();
  }
}

/** AUROC the slow obvious way: over every (planted, clean) pair of samples, 1 when the planted one scores higher, 1/2 on a tie. */
function pairwiseAuroc(score: readonly (readonly [unknown, number])[], positive: ReadonlySet<unknown>): { auroc: number; pairs: number } {
  let wins = 0;
  let pairs = 0;
  for (const [a, sa] of score) for (const [b, sb] of score) {
    if (!positive.has(a) || positive.has(b)) continue;
    pairs++;
    wins += sa > sb ? 1 : sa === sb ? 0.5 : 0;
  }
  return { auroc: wins / pairs, pairs };
}

/** Every file and directory under `dir` with its inode, size and modification time. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => {
      const stat = statSync(join(dir, path));
      return `${path} ${stat.ino} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

/**
 * Outputs kept outside a stage's directory, on a tiny MNIST run: the database stage loads in one transaction with
 * a truthful record and is rebuilt when the store goes; a deleted checkpoint makes training stale and is recomputed.
 */
describe('stage outputs in the store and in checkpoints/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'i2x-database-'));
  const artifactsRoot = join(dir, 'artifacts');
  const paths = { root: dir, artifactsRoot: 'artifacts', checkpointsRoot: 'checkpoints' };
  const base = {
    name: 'db',
    workers: 1,
    data: { trainSubset: { perClass: 5 }, testSubset: { first: 40 }, valFraction: 0.2 },
    model: { width: 0.25 },
    train: { epochs: 2, batchSize: 16, checkpoints: { everyEpochs: 1 } },
    analysis: { prototypes: { k: 3, pcaComponents: 3 }, groups: { minClusterSize: 4, minSamples: 2 }, saliency: { compare: { samples: 8 } } },
    quality: { metrics: [] }, // the quality stage has its own tests (test/stages/qualityStage.test.ts)
    store: { path: join(dir, 'i2x.duckdb') },
  };
  const config = resolveConfig(base);
  let loaded: Record<string, unknown[][]>;

  beforeAll(async () => {
    await selectBackend('wasm');
    await runPipeline(i2xPipeline(), config, paths);
    loaded = await runRows(config.store.path, 'db');
  });

  it('a planted run stores every change data.plant made, train, val and test, and the flipped labels in samples', async () => {
    const plant = [
      { kind: 'label-flip', from: 2, to: 7, fraction: 0.5 },
      { kind: 'decoy' },
      { kind: 'shortcut', size: 3, x: 2, y: 20, value: 128, train: { class: 7, fraction: 0.5 }, test: { class: 2, fraction: 1 } },
    ];
    const planted = resolveConfig({ ...base, name: 'db-plant', data: { ...base.data, plant } });
    expect(loaded.planted).toEqual([]); // the clean run
    await runPipeline(i2xPipeline(), planted, paths);
    const stored = await runRows(planted.store.path, 'db-plant');
    const byKind = (kind: string, split: string) => stored.planted.filter((r) => r[4] === kind && r[1] === split).length;
    // 5 per class, a 0.2 stratified validation split: 4 per class in train, 1 in val; 40 test samples
    expect([byKind('label-flip', 'train'), byKind('label-flip', 'val'), byKind('label-flip', 'test')]).toEqual([2, 1, 0]); // round(0.5 * 4), round(0.5 * 1)
    expect([byKind('decoy', 'train'), byKind('decoy', 'val'), byKind('decoy', 'test')]).toEqual([40, 10, 40]);
    expect([byKind('shortcut', 'train'), byKind('shortcut', 'val')]).toEqual([3, 1]); // class 7 after the flips: 6 in train, 2 in val
    const prepared = prepareDatasets(planted.data, planted.seed);
    const expected = prepared.planted.map((p) => ['db-plant', p.split, p.sample, p.plant, p.kind, p.originalLabel, p.givenLabel, p.mask?.x ?? null, p.mask?.y ?? null, p.mask?.width ?? null, p.mask?.height ?? null]);
    expect(new Set(stored.planted.map((r) => JSON.stringify(r)))).toEqual(new Set(expected.map((r) => JSON.stringify(r))));
    expect(stored.planted).toHaveLength(expected.length);
    const flipped = stored.planted.filter((r) => r[4] === 'label-flip' && r[1] === 'train').map((r) => r[2]);
    const labelOf = new Map(stored.samples.map((r) => [r[1], r[3]]));
    expect(flipped.map((sample) => labelOf.get(sample))).toEqual([7, 7]);
    expect(stored.samples.map((r) => r[3])).toEqual(stored.samples.map((r) => prepared.train.labels[r[1] as number]));

    // a score for every training sample and method
    const methods = ['aum', 'cartography-ambiguous', 'cartography-hard', 'forgetting', 'i2x', 'random', 'self-confidence', 'tracin'];
    expect([...new Set(stored.sample_scores.map((r) => r[2]))].sort()).toEqual(methods);
    for (const m of methods) expect(stored.sample_scores.filter((r) => r[2] === m).map((r) => r[1])).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // self-confidence is 1 - p(given label) at the last checkpoint, as the predictions table holds it
    const lastPredictions = stored.predictions.filter((r) => r[1] === 2);
    const selfConfidence = new Map(stored.sample_scores.filter((r) => r[2] === 'self-confidence').map((r) => [r[1], r[3] as number]));
    for (const r of lastPredictions) expect(selfConfidence.get(r[2])).toBeCloseTo(1 - (r[4] as number[])[labelOf.get(r[2]) as number], 6);
    // the stored AUROC of each (kind, method) is the share of (planted, clean) pairs ordered right, ties 1/2: counted pair by pair
    const aurocRows = stored.detection_scores.filter((r) => r[1] === 'planted' && r[4] === 'auroc' && r[8] === null); // among all samples (within_label NULL)
    // decoy marks every sample, and so does 'any' with it: nothing to separate
    expect(new Set(aurocRows.map((r) => r[2]))).toEqual(new Set(['label-flip', 'shortcut']));
    expect(aurocRows).toHaveLength(2 * methods.length);
    for (const [, , kind, method, , , value] of aurocRows) {
      const positive = new Set(stored.planted.filter((r) => r[1] === 'train' && (kind === 'any' || r[4] === kind)).map((r) => r[2]));
      const score = [...new Map(stored.sample_scores.filter((r) => r[2] === method).map((r) => [r[1], r[3] as number]))];
      expect(value as number).toBeCloseTo(pairwiseAuroc(score, positive).auroc, 12);
    }
    // within each given label of a kind's planted samples: 2 flipped 2->7 among the 6 samples labelled 7, 3 shortcut 7s of them;
    // the stored AUROC is the pairs ordered right among planted and clean samples of that label, and every stored
    // figure (and curve) is the detection artifact's
    const withinRows = stored.detection_scores.filter((r) => r[1] === 'planted' && r[8] !== null);
    const count = (kind: string, metric: string) => withinRows.filter((r) => r[2] === kind && r[3] === 'all' && r[4] === metric).map((r) => [r[8], r[6]]);
    expect([count('label-flip', 'planted'), count('label-flip', 'samples')]).toEqual([[[7, 2]], [[7, 6]]]);
    expect([count('shortcut', 'planted'), count('shortcut', 'samples')]).toEqual([[[7, 3]], [[7, 6]]]);
    const withinAuroc = withinRows.filter((r) => r[4] === 'auroc');
    expect(withinAuroc).toHaveLength(2 * methods.length);
    for (const [, , kind, method, , , value, , label] of withinAuroc) {
      const positive = new Set(stored.planted.filter((r) => r[1] === 'train' && r[4] === kind).map((r) => r[2]));
      const score = [...new Map(stored.sample_scores.filter((r) => r[2] === method && labelOf.get(r[1]) === label).map((r) => [r[1], r[3] as number]))];
      const { auroc, pairs } = pairwiseAuroc(score, positive);
      expect(pairs).toBe(kind === 'label-flip' ? 2 * 4 : 3 * 3);
      expect(value as number).toBeCloseTo(auroc, 12);
    }
    const artifact = detectionArtifacts.read(join(artifactsRoot, 'db-plant', 'detection'));
    const fromArtifact = artifact.flatMap((k) => k.withinLabel.flatMap((w) => w.detection.flatMap((d) => [
      [k.kind, w.label, d.method, 'auroc', d.auroc], [k.kind, w.label, d.method, 'average_precision', d.averagePrecision], [k.kind, w.label, d.method, 'precision_at_k', d.precisionAtK],
    ])));
    expect(fromArtifact).toHaveLength(3 * 2 * methods.length);
    const storedWithin = withinRows.filter((r) => r[3] !== 'all').map((r) => [r[2], r[8], r[3], r[4], r[6]]);
    expect(new Set(storedWithin.map((r) => JSON.stringify(r)))).toEqual(new Set(fromArtifact.map((r) => JSON.stringify(r))));
    expect(storedWithin).toHaveLength(fromArtifact.length);
    const flipCurve = artifact.find((k) => k.kind === 'label-flip')!.withinLabel[0].detection.find((d) => d.method === 'i2x')!.curve;
    const storedCurve = stored.detection_curves.filter((r) => r[1] === 'planted' && r[2] === 'label-flip' && r[3] === 'i2x' && r[7] === 7);
    expect(storedCurve.map((r) => [r[4], r[5], r[6]])).toEqual(Array.from(flipCurve.examined, (examined, point) => [point, examined, flipCurve.found[point]]));
    // and the report shows them: one table per (kind, label), each with a row per method holding the stored AUROC
    const html = readFileSync(join(artifactsRoot, 'db-plant', 'report', 'index.html'), 'utf8');
    for (const [kind, planted] of [['label-flip', 2], ['shortcut', 3]] as const) {
      const heading = html.indexOf(`<h3>${kind}: `);
      const within = html.indexOf(`Within the training samples labelled 7 (${planted} planted of 6)`, heading);
      expect(heading).toBeGreaterThan(-1);
      expect(within).toBeGreaterThan(heading);
      const table = html.slice(within, html.indexOf('</table>', within));
      for (const [, , k, method, , , value, , label] of withinAuroc) {
        if (k === kind && label === 7) expect(table).toContain(`<tr><td>${method}</td><td class="num">${(value as number).toFixed(3)}</td>`);
      }
    }
    // relevance mass on the planted pixels per checkpoint, for the run's Grad-CAM and the compared LRP composite
    const mass = stored.detection_scores.filter((r) => r[4] === 'relevance_mass' && r[2] === 'shortcut');
    expect(mass.map((r) => `${r[3]}@${r[5]}`).sort()).toEqual(['gradcam@0', 'gradcam@1', 'gradcam@2', 'lrp-epsilon-plus-flat@0', 'lrp-epsilon-plus-flat@1', 'lrp-epsilon-plus-flat@2']);
    for (const r of mass) expect(r[6] as number).toBeGreaterThanOrEqual(0);
    // every test sample's prediction at every checkpoint; counted, they are the checkpoint's stored test confusions
    // (training's own evaluation), and the labels are the test split's
    expect(stored.test_predictions).toHaveLength(3 * 40);
    for (const t of [0, 1, 2]) {
      const tally = new Map<string, number>();
      for (const r of stored.test_predictions.filter((r) => r[1] === 'checkpoint' && r[2] === String(t))) tally.set(`${r[4]}>${r[5]}`, (tally.get(`${r[4]}>${r[5]}`) ?? 0) + 1);
      const confusions = new Map(stored.confusions.filter((r) => r[1] === 'checkpoint' && r[2] === String(t) && (r[6] as number) > 0).map((r) => [`${r[4]}>${r[5]}`, r[6] as number]));
      expect(tally).toEqual(confusions);
    }
    expect(stored.test_predictions.filter((r) => r[2] === '0').map((r) => r[4])).toEqual(Array.from(prepared.test.labels));
    // every prototype's share of planted positions, for the kinds with pixels
    expect(stored.prototype_plant_shares.filter((r) => r[2] === 'shortcut').map((r) => r[3])).toEqual([0, 1, 2]);
  });

  it('writes the runs row with its fingerprint and metrics', async () => {
    const status = await pipelineStatus(i2xPipeline(), config, paths);
    const database = status.find((s) => s.name === 'database')!;
    expect(loaded.runs).toEqual([['db', 'db', expect.any(String), database.fingerprint, 'analysed', expect.stringContaining('"checkpoints":3')]]);
    expect(loaded.predictions.length).toBe(3 * 40);
  });

  it('a fully cached run writes nothing (so it works on a read-only artifacts directory)', async () => {
    const before = tree(dir);
    await new Promise((done) => setTimeout(done, 20));
    const again = await runPipeline(i2xPipeline(), config, paths);
    expect(again.stages.every((s) => s.status === 'cached')).toBe(true);
    expect(tree(dir)).toEqual(before);
  });

  it('a failure in the middle of a forced rerun leaves every previous row, and the stage still done', async () => {
    const compare = join(artifactsRoot, 'db', 'compare', 'compare.json'); // read after most tables are written
    renameSync(compare, `${compare}.away`);
    try {
      await expect(runPipeline(i2xPipeline(), config, { ...paths, force: ['database'] })).rejects.toThrow(/stage 'database' failed/);
    } finally {
      renameSync(`${compare}.away`, compare);
    }
    expect(await runRows(config.store.path, 'db')).toEqual(loaded);
    const status = await pipelineStatus(i2xPipeline(), config, paths);
    expect(status.find((s) => s.name === 'database')!.state).toBe('done');
  });

  it('a deleted store makes the stage stale, and run rebuilds the same rows', async () => {
    rmSync(config.store.path);
    const status = await pipelineStatus(i2xPipeline(), config, paths);
    expect(status.filter((s) => s.state !== 'done').map((s) => [s.name, s.state, s.why])).toEqual([['database', 'stale', `output missing: the store ${config.store.path}`]]);
    const rerun = await runPipeline(i2xPipeline(), config, paths);
    expect(rerun.stages.filter((s) => s.status === 'ran').map((s) => s.name)).toEqual(['database']);
    expect(await runRows(config.store.path, 'db')).toEqual(loaded);
  });

  it('a deleted middle checkpoint makes train stale, naming it, and run recomputes the same bytes', async () => {
    const listed = trainArtifacts.read(join(artifactsRoot, 'db', 'train'));
    const middle = listed[1].dir;
    const weights = readFileSync(join(middle, 'weights.bin'));
    rmSync(middle, { recursive: true });
    const status = await pipelineStatus(i2xPipeline(), config, paths);
    expect(status.filter((s) => s.state !== 'done').map((s) => [s.name, s.why])).toEqual([['train', `output missing: checkpoint ${middle}`]]);
    const rerun = await runPipeline(i2xPipeline(), config, paths);
    expect(rerun.stages.filter((s) => s.status === 'ran').map((s) => s.name)).toEqual(['train']); // same fingerprint: the rest holds
    expect(readFileSync(join(middle, 'weights.bin')).equals(weights)).toBe(true);
    expect(await runRows(config.store.path, 'db')).toEqual(loaded);
  });

  it('a deleted checkpoints/<run> makes train stale, and run trains it again to the same bytes', async () => {
    const listed = trainArtifacts.read(join(artifactsRoot, 'db', 'train'));
    const weights = listed.map((c) => readFileSync(join(c.dir, 'weights.bin')));
    rmSync(join(dir, 'checkpoints', 'db'), { recursive: true });
    const status = await pipelineStatus(i2xPipeline(), config, paths);
    expect(status.filter((s) => s.state !== 'done').map((s) => s.name)).toEqual(['train']);
    expect(status[0].why).toMatch(/^output missing: checkpoint .*step-000000/);
    const rerun = await runPipeline(i2xPipeline(), config, paths);
    expect(rerun.stages.filter((s) => s.status === 'ran').map((s) => s.name)).toEqual(['train']);
    expect(listed.map((c, i) => readFileSync(join(c.dir, 'weights.bin')).equals(weights[i]))).toEqual(listed.map(() => true));
    expect(await runRows(config.store.path, 'db')).toEqual(loaded);
  });

  it('stores the config of the last run: a key only the report reads shows in runs.config_json, i2x diff and the report', async () => {
    const other = resolveConfig({ ...base, report: { samples: 3 } });
    await runPipeline(i2xPipeline(), other, { ...paths, runId: 'db-3' });
    await runPipeline(i2xPipeline(), other, paths);
    const store = await I2xStore.create(config.store.path);
    try {
      const samples = await store.query(`SELECT run_id, config_json->>'$.report.samples' FROM runs ORDER BY run_id`);
      expect(samples.rows).toEqual([['db', '3'], ['db-3', '3']]);
      expect(await diffRuns(store, 'db', 'db-3')).not.toMatch(/report\.samples/);
    } finally {
      store.close();
    }
    // and the report, a stage of its own, shows 3 samples: one row each in its saliency table
    const shownSamples = () => readFileSync(join(artifactsRoot, 'db', 'report', 'index.html'), 'utf8').split('<th class="rowhead">').length - 1;
    expect(shownSamples()).toBe(3);
    await runPipeline(i2xPipeline(), config, paths);
    const store2 = await I2xStore.create(config.store.path);
    try {
      expect(await diffRuns(store2, 'db', 'db-3')).toMatch(/config\.report\.samples: 8 -> 3/);
    } finally {
      store2.close();
    }
    expect(shownSamples()).toBe(8);
  });
});
