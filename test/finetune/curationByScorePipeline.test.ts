import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { i2xFinetunePipeline } from '../../pipelines/i2xFinetune.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { prepareDatasets } from '../../src/data/prepareDatasets.js';
import { curationArtifacts } from '../../src/stages/i2x/artifacts/curationArtifacts.js';
import { scoresArtifacts } from '../../src/stages/i2x/artifacts/scoresArtifacts.js';
import { runPipeline } from '../../src/stages/runPipeline.js';
import { I2xStore } from '../../src/store/I2xStore.js';

process.env.I2X_QUIET = '1';

/**
 * `i2x finetune` end to end on a tiny MNIST run with finetune.curation.baselines: [self-confidence]: the strategy
 * 'self-confidence->full' is stored beside the configured ones, its set removes the i2x rule's per-class counts,
 * the highest self-confidence scores of each class, and it is compared with full->full.
 */
describe('i2x finetune with a curation baseline', () => {
  it("stores a 'self-confidence->full' row whose removed per-class counts are the i2x curation's", async () => {
    await selectBackend('wasm');
    const dir = mkdtempSync(join(tmpdir(), 'i2x-curation-by-score-'));
    const config = resolveConfig({
      name: 'by-score',
      workers: 1,
      data: { trainSubset: { perClass: 5 }, testSubset: { first: 40 }, valFraction: 0.2 },
      model: { width: 0.25 },
      train: { epochs: 2, batchSize: 16, checkpoints: { everySteps: 1 } },
      analysis: {
        prototypes: { k: 3, pcaComponents: 3 },
        groups: { minClusterSize: 4, minSamples: 2 },
        saliency: { compare: { samples: 8 } },
        uncertain: { threshold: 0, minSignChanges: 1 },
      },
      finetune: {
        strategies: ['full->full', 'curated->full'],
        epochs: { first: 1, second: 0 },
        seeds: 1,
        curation: { minArea: 34, classes: 'pair', intensityThreshold: null, maxRemovedFraction: 0.5, baselines: ['self-confidence'] },
      },
      quality: { metrics: [] }, // tested in test/stages/qualityStage.test.ts
      store: { path: join(dir, 'i2x.duckdb') },
    });
    const result = await runPipeline(i2xFinetunePipeline(), config, { root: dir, artifactsRoot: 'artifacts', checkpointsRoot: 'checkpoints' });
    const stageDir = (name: string) => result.stages.find((s) => s.name === name)!.dir;
    const { record, removed, baselineRemoved } = curationArtifacts.read(stageDir('curation'));
    const { train } = prepareDatasets(config.data, config.seed);
    const perClass = (mask: Uint8Array) => train.classNames.map((_, c) => train.labels.filter((label, n) => label === c && mask[n] === 1).length);
    const byScore = baselineRemoved.get('self-confidence')!;
    expect(perClass(byScore)).toEqual(perClass(removed));
    expect(record.budget).toEqual(perClass(removed));
    expect(record.removed).toBeGreaterThan(0);
    // classes 'pair': only the pair's classes 2 and 7 lose samples, in every removal
    for (const mask of [removed, byScore]) expect(perClass(mask).filter((count, c) => count > 0 && c !== 2 && c !== 7)).toEqual([]);
    expect(record.removals.map((r) => [r.set, r.removed, r.planted])).toEqual([['curated', record.removed, null], ['random', record.removed, null], ['self-confidence', record.removed, null]]);
    // the removed samples of each class are its highest-scored ones: no kept sample of a class scores above a removed one
    const scores = scoresArtifacts.read(stageDir('scores')).scores.get('self-confidence')!;
    for (let c = 0; c < train.classNames.length; c++) {
      const inClass = [...train.labels.keys()].filter((n) => train.labels[n] === c);
      const lowestRemoved = Math.min(...inClass.filter((n) => byScore[n]).map((n) => scores[n]));
      const highestKept = Math.max(...inClass.filter((n) => !byScore[n]).map((n) => scores[n]));
      expect(highestKept, `class ${c}`).toBeLessThanOrEqual(lowestRemoved);
    }

    const store = await I2xStore.create(config.store.path);
    try {
      const rows = async (sql: string) => (await store.query(sql, ['by-score'])).rows;
      expect(await rows('SELECT strategy, seed, n_train, n_removed FROM finetune_results WHERE run_id = ? ORDER BY strategy')).toEqual([
        ['curated->full', 0, train.count - record.removed, record.removed],
        ['full->full', 0, train.count, 0],
        ['self-confidence->full', 0, train.count - record.removed, record.removed],
      ]);
      expect(await rows("SELECT baseline, metric FROM finetune_comparisons WHERE run_id = ? AND strategy = 'self-confidence->full' ORDER BY metric")).toEqual([
        ['full->full', 'confusions 2<->7'],
        ['full->full', 'test_accuracy'],
      ]);
      // every fine-tuned model's test predictions; counted per model they are its stored 'finetune' confusions
      const predictions = await rows("SELECT ref, label, predicted, confidence FROM test_predictions WHERE run_id = ? AND source = 'finetune' ORDER BY ref, sample");
      expect([...new Set(predictions.map((r) => r[0]))]).toEqual(['curated->full/0', 'full->full/0', 'self-confidence->full/0']);
      expect(predictions).toHaveLength(3 * 40);
      expect(predictions.every((r) => r[3] === null)).toBe(true);
      const confusions = await rows("SELECT checkpoint_or_strategy || '/' || seed, true_class, predicted_class, count FROM confusions WHERE run_id = ? AND source = 'finetune' AND count > 0");
      const tally = new Map<string, number>();
      for (const [ref, label, predicted] of predictions) tally.set(`${ref} ${label}>${predicted}`, (tally.get(`${ref} ${label}>${predicted}`) ?? 0) + 1);
      expect(tally).toEqual(new Map(confusions.map(([ref, t, p, count]) => [`${ref} ${t}>${p}`, count])));
      // agreement with full->full's predictions of seed 0, counted from those rows, stored per seed and as the comparisons' mean
      const predictedBy = (ref: string) => predictions.filter((r) => r[0] === ref).map((r) => r[2]);
      const agreed = (strategy: string) => predictedBy(`${strategy}/0`).filter((p, i) => p === predictedBy('full->full/0')[i]).length / 40;
      expect(await rows('SELECT strategy, agreement FROM finetune_results WHERE run_id = ? ORDER BY strategy')).toEqual([
        ['curated->full', agreed('curated->full')], ['full->full', 1], ['self-confidence->full', agreed('self-confidence->full')],
      ]);
      expect(await rows('SELECT DISTINCT strategy, agreement FROM finetune_comparisons WHERE run_id = ? ORDER BY strategy')).toEqual([
        ['curated->full', agreed('curated->full')], ['self-confidence->full', agreed('self-confidence->full')],
      ]);
      // the report shows the stored comparisons: with one seed no interval, and each strategy's agreement
      const html = readFileSync(join(stageDir('report'), 'index.html'), 'utf8');
      for (const strategy of ['curated->full', 'self-confidence->full']) {
        const name = strategy.replace('>', '&gt;');
        expect(html).toContain(`<tr><td>${name}</td><td>test accuracy (pp)</td><td class="num">1</td>`);
        expect(html).toMatch(new RegExp(`<tr><td>${name}</td><td>test accuracy \\(pp\\)</td>.*<td>n/a \\(fewer than 2 seeds\\)</td><td class="num">0: ${(100 * agreed(strategy)).toFixed(2)}%</td></tr>`));
      }
    } finally {
      store.close();
    }
  }, 600_000);
});
