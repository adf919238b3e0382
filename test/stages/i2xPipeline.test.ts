import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { i2xPipeline } from '../../pipelines/i2x.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { prototypeIntensity } from '../../src/analysis/prototypeIntensity.js';
import { reportCommand } from '../../src/cli/reportCommand.js';
import { runPipeline } from '../../src/stages/runPipeline.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { prototypesArtifacts } from '../../src/stages/i2x/artifacts/prototypesArtifacts.js';
import { saliencyArtifacts } from '../../src/stages/i2x/artifacts/saliencyArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';

/** The whole I2X pipeline on a tiny MNIST subset and a narrow resnet8, in a temp project root (the working directory is not used). */
describe('the I2X pipeline end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'i2x-pipeline-'));
  const paths = { root: dir, artifactsRoot: 'artifacts', checkpointsRoot: 'checkpoints' };
  const config = resolveConfig({
    name: 'tiny',
    workers: 1,
    data: { trainSubset: { perClass: 12 }, testSubset: { first: 100 }, valFraction: 0.1 },
    model: { width: 0.25 },
    train: { epochs: 2, batchSize: 16, checkpoints: { everyEpochs: 1 } },
    analysis: { prototypes: { k: 4, pcaComponents: 4 }, groups: { minClusterSize: 5, minSamples: 3 } },
    quality: { sampleSize: 4, steps: 4 }, // every metric, on a small sample (the quality stage has its own tests)
    store: { path: join(dir, 'i2x.duckdb') },
  });

  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('runs every stage, caches them on a second run, and loads consistent results into DuckDB', async () => {
    const stages = i2xPipeline();
    const first = await runPipeline(stages, config, paths);
    expect(first.runDir).toBe(join(dir, 'artifacts', 'tiny'));
    // checkpoints under the root's checkpoints/<run>, listed relative to the train stage's directory
    const listed = trainArtifacts.read(join(first.runDir, 'train'));
    expect(listed.map((c) => c.dir)).toEqual(listed.map((c) => join(dir, 'checkpoints', 'tiny', c.name)));
    const raw = JSON.parse(readFileSync(join(first.runDir, 'train', 'checkpoints.json'), 'utf8')) as { checkpoints: { name: string; dir: string }[] };
    expect(raw.checkpoints.map((c) => c.dir)).toEqual(raw.checkpoints.map((c) => join('..', '..', '..', 'checkpoints', 'tiny', c.name)));
    expect(first.stages.map((s) => s.status)).toEqual(stages.map(() => 'ran'));
    const second = await runPipeline(stages, config, paths);
    expect(second.stages.map((s) => s.status)).toEqual(stages.map(() => 'cached'));

    // prototype intensity in DuckDB = the mean saliency over the prototype's positions, recomputed here
    const saliencyDir = join(first.runDir, 'saliency');
    const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
    expect(names.length).toBe(3); // first, after epoch 1, last
    const { data: assignments, samples: n, height: h, width: w } = prototypesArtifacts.readAssignments(join(first.runDir, 'prototypes'));
    const maps = saliencyArtifacts.readMaps(saliencyDir, names[2]).data;
    const expected = prototypeIntensity(maps, assignments, n, h * w, 4);
    const store = await I2xStore.create(config.store.path);
    try {
      const rows = await store.query(`SELECT sample, prototype, intensity FROM prototype_intensity WHERE run_id = 'tiny' AND checkpoint = 2 ORDER BY sample, prototype`);
      expect(rows.rows.length).toBe(n * 4);
      for (const [sample, prototype, intensity] of rows.rows as [number, number, number | null][]) {
        const want = expected[sample * 4 + prototype];
        if (Number.isNaN(want)) expect(intensity).toBeNull();
        else expect(intensity).toBeCloseTo(want, 5);
      }
      const counts = await store.query(`SELECT (SELECT count(*) FROM checkpoints WHERE run_id = 'tiny'), (SELECT count(*) FROM predictions WHERE run_id = 'tiny'), (SELECT count(DISTINCT transition) FROM ridge_fits WHERE run_id = 'tiny'),
        (SELECT count(*) FROM saliency_metrics WHERE run_id = 'tiny' AND method = 'gradcam'), (SELECT count(*) FROM saliency_metrics WHERE run_id = 'tiny' AND method = 'lrp-epsilon-plus-flat' AND checkpoint = 2)`);
      // Grad-CAM legibility for every sample and checkpoint; the compared LRP composite at the last checkpoint (n < 256 samples)
      expect(counts.rows[0]).toEqual([3, 3 * n, 2, 3 * n, n]);
      // prototypes.class_samples / dominant_classes against the same counts from prototype_areas and samples, ties kept
      const classes = Number((await store.query(`SELECT max(label) + 1 FROM samples WHERE run_id = 'tiny'`)).rows[0][0]);
      const counted = await store.query(
        `SELECT prototype, label, count(*)::INTEGER FROM prototype_areas JOIN samples USING (run_id, sample)
         WHERE run_id = 'tiny' AND area > 0 GROUP BY ALL`,
      );
      const prototypes = await store.query(`SELECT prototype, class_samples, dominant_classes, dominant_class FROM prototypes WHERE run_id = 'tiny' ORDER BY prototype`);
      expect(prototypes.rows.length).toBe(4);
      for (const [prototype, classSamples, dominantClasses, dominantClass] of prototypes.rows as [number, number[], number[], number | null][]) {
        const want = Array.from({ length: classes }, (_, c) => Number(counted.rows.find((r) => r[0] === prototype && r[1] === c)?.[2] ?? 0));
        expect(classSamples.slice(0, classes)).toEqual(want);
        const most = Math.max(...want);
        expect(dominantClasses).toEqual(most > 0 ? want.flatMap((count, c) => (count === most ? [c] : [])) : []);
        expect(dominantClass).toBe(most > 0 ? dominantClasses[0] : null);
      }
      const conservation = await store.query(`SELECT layer, deviation FROM lrp_conservation WHERE run_id = 'tiny' AND method = 'lrp-epsilon-plus-flat'`);
      expect(conservation.rows.map((r) => r[0])).toContain('input');
      expect(conservation.rows.map((r) => r[0])).toContain('logits');
    } finally {
      store.close();
    }
  });

  it('writes the report as its last stage, and i2x report <run> writes the same report again for the stored config', async () => {
    const runDir = join(dir, 'artifacts', 'tiny');
    const page = join(runDir, 'report', 'index.html');
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<html');
    const written = statSync(page).mtimeMs;
    expect(await reportCommand(['tiny', '--root', dir])).toBe(0);
    expect(statSync(page).mtimeMs).toBeGreaterThan(written); // rewritten (the command forces the stage)
    expect(readFileSync(page, 'utf8')).toBe(html);
    const again = await runPipeline(i2xPipeline(), config, paths);
    expect(again.stages.filter((s) => s.status === 'ran').map((s) => s.name)).toEqual([]);
    // a stage the report reads that is out of date (as in a run directory an older i2x wrote): says to run again
    const record = join(runDir, 'saliency', 'stage.json');
    const saved = readFileSync(record, 'utf8');
    writeFileSync(record, saved.replace(/"fingerprint": "/, '"fingerprint": "old-'));
    try {
      await expect(reportCommand(['tiny', '--root', dir])).rejects.toMatchObject({ code: 'E_REPORT' });
      await expect(reportCommand(['tiny', '--root', dir])).rejects.toThrow("run 'tiny' is not up to date (its input 'saliency' is stale (made with another config or version)); run it again with i2x run <config>, which writes the report too");
    } finally {
      writeFileSync(record, saved);
    }
  });

  it('runs I2X on checkpoints trained elsewhere: imported, verified and evaluated like its own', async () => {
    const trained = trainArtifacts.read(join(dir, 'artifacts', 'tiny', 'train'));
    // checkpoint paths relative to the project root, as a config would give them
    const loadConfig = resolveConfig({ ...JSON.parse(JSON.stringify(config)), name: 'tiny-load', train: { source: 'load', load: { checkpoints: trained.map((c) => relative(dir, c.dir)) } } });
    const result = await runPipeline(i2xPipeline(), loadConfig, { ...paths, only: 'train' });
    const imported = trainArtifacts.read(join(result.runDir, 'train'));
    expect(imported.map((c) => c.name)).toEqual(['import-000', 'import-001', 'import-002']);
    expect(imported.map((c) => c.testAccuracy)).toEqual(trained.map((c) => c.testAccuracy));
  });
});

