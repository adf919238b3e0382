import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeCheckpoints } from '../../src/store/writers/writeCheckpoints.js';
import { writeConfidenceGroups } from '../../src/store/writers/writeConfidenceGroups.js';
import { writeConfusions } from '../../src/store/writers/writeConfusions.js';
import { writeCuration } from '../../src/store/writers/writeCuration.js';
import { writeFinetuneResult } from '../../src/store/writers/writeFinetuneResult.js';
import { writePredictions } from '../../src/store/writers/writePredictions.js';
import { writePrototypeAreas } from '../../src/store/writers/writePrototypeAreas.js';
import { writePrototypeIntensity } from '../../src/store/writers/writePrototypeIntensity.js';
import { writePrototypes } from '../../src/store/writers/writePrototypes.js';
import { writeRidgeCoefficients } from '../../src/store/writers/writeRidgeCoefficients.js';
import { writeRidgeFits } from '../../src/store/writers/writeRidgeFits.js';
import { writeRun } from '../../src/store/writers/writeRun.js';
import { writeSaliencyMetrics } from '../../src/store/writers/writeSaliencyMetrics.js';
import { writeSamples } from '../../src/store/writers/writeSamples.js';
import { writeStageRun } from '../../src/store/writers/writeStageRun.js';
import { writeUncertainPrototypes } from '../../src/store/writers/writeUncertainPrototypes.js';
import { writePlanted } from '../../src/store/writers/writePlanted.js';
import { writeSaliencyQuality } from '../../src/store/writers/writeSaliencyQuality.js';
import { writeFinetuneReplicates } from '../../src/store/writers/writeFinetuneReplicates.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();
let store: I2xStore;
beforeAll(async () => {
  store = await I2xStore.create(temp.path('writers.duckdb'));
});
afterAll(() => {
  store.close();
  temp.remove();
});

const rows = async (sql: string) => (await store.query(sql)).rows;

describe('writers store exact values and read them back', () => {
  test('prototype intensities: [N, K] row-major, NaN as NULL, float32 values exact', async () => {
    const intensities = Float32Array.of(0.1, NaN, 1e-7, -2.5, 3.4028234663852886e38, 0.3333333);
    expect(await writePrototypeIntensity(store, 'r1', 2, Int32Array.of(10, 20), intensities, 3)).toBe(6);
    const stored = await rows('SELECT checkpoint, sample, prototype, intensity FROM prototype_intensity ORDER BY sample, prototype');
    expect(stored).toEqual([
      [2, 10, 0, 0.1],
      [2, 10, 1, null],
      [2, 10, 2, 1e-7],
      [2, 20, 0, -2.5],
      [2, 20, 1, 3.4028235e38],
      [2, 20, 2, 0.3333333],
    ]);
    stored.forEach((row, i) => {
      if (row[3] !== null) expect(Math.fround(row[3] as number)).toBe(intensities[i]);
    });
  });

  test('intensities of the wrong length are refused before anything is written', async () => {
    await expect(writePrototypeIntensity(store, 'r1', 3, Int32Array.of(1, 2), new Float32Array(5), 3)).rejects.toThrow(
      'intensities has 5 values, expected 6 ([N, K] = [2, 3]).',
    );
  });

  test('predictions keep the softmax vector and its argmax', async () => {
    await writePredictions(store, 'r1', 0, Int32Array.of(7, 8), Float32Array.of(0.25, 0.5, 0.25, 0.9, 0.05, 0.05), 3);
    expect(await rows('SELECT sample, predicted, confidence, confidence[predicted + 1] FROM predictions ORDER BY sample')).toEqual([
      [7, 1, [0.25, 0.5, 0.25], 0.5],
      [8, 0, [0.9, 0.05, 0.05], 0.9],
    ]);
  });

  test('prototype areas keep only non-zero areas', async () => {
    await writePrototypeAreas(store, 'r1', Int32Array.of(4, 5), Int32Array.of(0, 3, 2, 0), 2);
    expect(await rows('SELECT sample, prototype, area FROM prototype_areas ORDER BY sample')).toEqual([
      [4, 1, 3],
      [5, 0, 2],
    ]);
  });

  test('samples, confidence groups, curation and saliency metrics', async () => {
    await writeSamples(store, 'r1', 'train', Int32Array.of(0, 1), Int32Array.of(3, 9), Int32Array.of(100, 101));
    await writeConfidenceGroups(store, 'r1', 4, Int32Array.of(0, 1), Int32Array.of(-1, 2));
    await writeCuration(store, 'r1', { samples: Int32Array.of(0, 1), removed: Uint8Array.of(1, 0), reasons: ['uncertain prototype 3', null], invocation: 'ft-1' });
    await writeSaliencyMetrics(store, 'r1', 'gradcam', 1, Int32Array.of(0, 1), {
      contrast: Float32Array.of(0.5, NaN),
      blobs: Int32Array.of(2, 0),
      gini: Float32Array.of(0.75, 0.125),
    });
    expect(await rows('SELECT * FROM samples ORDER BY sample')).toEqual([
      ['r1', 0, 'train', 3, 100],
      ['r1', 1, 'train', 9, 101],
    ]);
    expect(await rows('SELECT * FROM confidence_groups ORDER BY sample')).toEqual([
      ['r1', 4, 0, -1],
      ['r1', 4, 1, 2],
    ]);
    expect(await rows('SELECT * FROM curation ORDER BY sample')).toEqual([
      ['r1', 0, true, 'uncertain prototype 3', 'ft-1'],
      ['r1', 1, false, null, 'ft-1'],
    ]);
    expect(await rows('SELECT * FROM saliency_metrics ORDER BY sample')).toEqual([
      ['r1', 'gradcam', 1, 0, 0.5, 2, 0.75],
      ['r1', 'gradcam', 1, 1, null, 0, 0.125],
    ]);
  });

  test('ridge fits and coefficients: [G, K, C] row-major', async () => {
    await writeRidgeFits(store, 'r1', 0, [
      { grp: 0, n: 40, r2: 0.5, lambda: 0.1 },
      { grp: 3, n: 12, r2: NaN, lambda: 1 },
    ]);
    const betas = Float64Array.from({ length: 2 * 2 * 3 }, (_, i) => i / 8);
    expect(await writeRidgeCoefficients(store, 'r1', 0, Int32Array.of(0, 3), betas, 2, 3)).toBe(12);
    expect(await rows('SELECT grp, n, r2, ridge_lambda FROM ridge_fits ORDER BY grp')).toEqual([
      [0, 40, 0.5, 0.1],
      [3, 12, null, 1],
    ]);
    const coefficients = await rows('SELECT grp, prototype, class, beta FROM ridge_coefficients ORDER BY grp, prototype, class');
    expect(coefficients).toEqual(
      Array.from(betas, (beta, i) => [[0, 3][Math.floor(i / 6)], Math.floor(i / 3) % 2, i % 3, beta]),
    );
  });

  test('confusions store the whole [C, C] matrix; a NULL seed matches on rewrite', async () => {
    await writeConfusions(store, 'r1', 'checkpoint', '9', null, Int32Array.of(5, 1, 0, 7), 2);
    await writeConfusions(store, 'r1', 'checkpoint', '9', null, Int32Array.of(6, 0, 1, 6), 2);
    await writeConfusions(store, 'r1', 'finetune', 'curated', 1, Int32Array.of(4, 2, 2, 4), 2);
    expect(
      await rows(`SELECT source, checkpoint_or_strategy, seed, true_class, predicted_class, count FROM confusions
                  ORDER BY source, true_class, predicted_class`),
    ).toEqual([
      ['checkpoint', '9', null, 0, 0, 6],
      ['checkpoint', '9', null, 0, 1, 0],
      ['checkpoint', '9', null, 1, 0, 1],
      ['checkpoint', '9', null, 1, 1, 6],
      ['finetune', 'curated', 1, 0, 0, 4],
      ['finetune', 'curated', 1, 0, 1, 2],
      ['finetune', 'curated', 1, 1, 0, 2],
      ['finetune', 'curated', 1, 1, 1, 4],
    ]);
  });

  test('runs, checkpoints, prototypes, uncertain prototypes, fine-tuning and stage records', async () => {
    const createdAt = new Date('2024-05-06T07:08:09.010Z');
    await writeRun(store, { runId: 'r1', configName: 'mnist', createdAt, config: { lr: 0.1 }, status: 'running' });
    // written again, the run's one row is replaced (the database stage writes it last, with its status and metrics)
    await writeRun(store, { runId: 'r1', configName: 'mnist', createdAt, config: { lr: 0.1 }, status: 'done', metrics: { testAcc: 0.99 } });
    await writeCheckpoints(store, 'r1', [{ checkpoint: 0, step: 100, epoch: 0.5, valAcc: 0.9, weightsSha256: 'ab' }]);
    await writePrototypes(store, 'r1', [
      { prototype: 1, areaTotal: 2 ** 40, nSamples: 3, dominantClass: 7, centroid: [0.5, NaN], classSamples: Int32Array.of(0, 1, 1), dominantClasses: [1, 2] },
      { prototype: 2, areaTotal: 0, nSamples: 0 },
    ]);
    await writeUncertainPrototypes(store, 'r1', [
      { prototype: 1, classA: 3, classB: 5, signChanges: 2, maxMagnitude: 0.25, evidence: { transitions: [0, 2] } },
    ]);
    await writeFinetuneResult(store, 'r1', { strategy: 'curated', seed: 1, testAcc: 0.985, nTrain: 59000, details: { curve: [1, 2] }, invocation: 'ft-1' });
    await writeStageRun(store, 'r1', { stage: 'train', fingerprint: 'f1', startedAt: createdAt, status: 'running' });
    expect(await rows('SELECT * FROM runs')).toEqual([
      ['r1', 'mnist', '2024-05-06T07:08:09.010Z', '{"lr":0.1}', null, 'done', '{"testAcc":0.99}'],
    ]);
    expect(await rows(`SELECT metrics_json->>'testAcc' FROM runs`)).toEqual([['0.99']]);
    expect(await rows('SELECT * FROM checkpoints')).toEqual([['r1', 0, 100, 0.5, null, null, null, 0.9, null, 'ab']]);
    expect(await rows('SELECT * FROM prototypes ORDER BY prototype')).toEqual([
      ['r1', 1, 2 ** 40, 3, 7, [0.5, null], [0, 1, 1], [1, 2]],
      ['r1', 2, 0, 0, null, null, null, null],
    ]);
    expect(await rows('SELECT * FROM uncertain_prototypes')).toEqual([['r1', 1, 3, 5, 2, 0.25, '{"transitions":[0,2]}']]);
    expect(await rows('SELECT strategy, seed, test_acc, val_acc, n_train, details_json, invocation FROM finetune_results')).toEqual([
      ['curated', 1, 0.985, null, 59000, '{"curve":[1,2]}', 'ft-1'],
    ]);
    expect(await rows('SELECT stage, fingerprint, started_at, finished_at, status FROM stage_runs')).toEqual([
      ['train', 'f1', '2024-05-06T07:08:09.010Z', null, 'running'],
    ]);
  });

  test('planted: one row per change, the box as four columns, NULL for a label-flip; a second write replaces the run\'s rows', async () => {
    const box = { x: 24, y: 0, width: 4, height: 4 };
    await writePlanted(store, 'p1', [{ split: 'train', sample: 3, plant: 0, kind: 'decoy', originalLabel: 7, givenLabel: 7, mask: box }]);
    expect(
      await writePlanted(store, 'p1', [
        { split: 'train', sample: 5, plant: 0, kind: 'label-flip', originalLabel: 2, givenLabel: 7, mask: null },
        { split: 'test', sample: 5, plant: 1, kind: 'shortcut', originalLabel: 7, givenLabel: 7, mask: box },
      ]),
    ).toBe(2);
    expect(await rows("SELECT * FROM planted WHERE run_id = 'p1' ORDER BY split, sample")).toEqual([
      ['p1', 'test', 5, 1, 'shortcut', 7, 7, 24, 0, 4, 4],
      ['p1', 'train', 5, 0, 'label-flip', 2, 7, null, null, null, null],
    ]);
  });

  test('saliency quality: figures and curves, NaN and null as NULL; a second write replaces the run\'s rows of both tables', async () => {
    await writeSaliencyQuality(store, 'q1', { values: [{ checkpoint: 0, method: 'gradcam', metric: 'deletion-auc', value: 0.9 }], curves: [{ checkpoint: 0, method: 'gradcam', metric: 'deletion', step: 0, fraction: 0, value: 1 }] });
    await writeSaliencyQuality(store, 'q2', { values: [{ checkpoint: 1, method: 'random', metric: 'road-morf', value: 0.5 }], curves: [] });
    expect(
      await writeSaliencyQuality(store, 'q1', {
        values: [
          { checkpoint: 3, method: 'gradcam', metric: 'mprt-spearman', value: Number.NaN },
          { checkpoint: 3, method: 'planted', metric: 'deletion-auc', value: 0.125 },
          { checkpoint: 3, method: 'gradcam', metric: 'random-logit-ssim', value: null },
        ],
        curves: [
          { checkpoint: 3, method: 'gradcam', metric: 'mprt-ssim', step: 2, fraction: 0.5, value: 0.25 },
          { checkpoint: 3, method: 'gradcam', metric: 'deletion', step: 1, fraction: 0.1, value: Number.NaN },
        ],
      }),
    ).toBe(5);
    expect(await rows("SELECT * FROM saliency_quality WHERE run_id = 'q1' ORDER BY method, metric")).toEqual([
      ['q1', 3, 'gradcam', 'mprt-spearman', null],
      ['q1', 3, 'gradcam', 'random-logit-ssim', null],
      ['q1', 3, 'planted', 'deletion-auc', 0.125],
    ]);
    expect(await rows("SELECT * FROM saliency_quality_curves WHERE run_id = 'q1' ORDER BY metric")).toEqual([
      ['q1', 3, 'gradcam', 'deletion', 1, 0.1, null],
      ['q1', 3, 'gradcam', 'mprt-ssim', 2, 0.5, 0.25],
    ]);
    expect(await rows("SELECT run_id, value FROM saliency_quality WHERE run_id = 'q2'")).toEqual([['q2', 0.5]]);
  });

  test('fine-tuning over base models: one summary row per comparison and one per base; null intervals as NULL; a second write replaces both', async () => {
    const record = (metric: string, meanDiff: number, t: { low: number; high: number } | null) => ({
      strategy: 'curated->full', baseline: 'full->full', metric, meanDiff, t, bootstrap: t ? { low: t.low / 2, high: t.high / 2 } : null, signP: t ? 0.625 : null, wilcoxonP: t ? 0.875 : null,
      perBase: [{ seed: 0, run: 'p-seed0', meanDiff: meanDiff - 1 }, { seed: 3, run: 'p-seed3', meanDiff: meanDiff + 1 }],
    });
    await writeFinetuneReplicates(store, 'p-replicates', [record('confusions 2<->7', 9, null)]);
    expect(await writeFinetuneReplicates(store, 'p-replicates', [record('confusions 2<->7', -1.1, { low: -6.5, high: 4.25 }), record('test_accuracy', 0.001, null)])).toBe(6);
    expect(await rows("SELECT * FROM finetune_replicates WHERE run_id = 'p-replicates' ORDER BY metric")).toEqual([
      ['p-replicates', 'curated->full', 'full->full', 'confusions 2<->7', 2, -1.1, -6.5, 4.25, -3.25, 2.125, 0.625, 0.875],
      ['p-replicates', 'curated->full', 'full->full', 'test_accuracy', 2, 0.001, null, null, null, null, null, null],
    ]);
    expect(await rows("SELECT * FROM finetune_replicate_bases WHERE run_id = 'p-replicates' ORDER BY metric, seed")).toEqual([
      ['p-replicates', 'curated->full', 'full->full', 'confusions 2<->7', 0, 'p-seed0', -2.1],
      ['p-replicates', 'curated->full', 'full->full', 'confusions 2<->7', 3, 'p-seed3', -0.10000000000000009],
      ['p-replicates', 'curated->full', 'full->full', 'test_accuracy', 0, 'p-seed0', -0.999],
      ['p-replicates', 'curated->full', 'full->full', 'test_accuracy', 3, 'p-seed3', 1.001],
    ]);
  });
});
