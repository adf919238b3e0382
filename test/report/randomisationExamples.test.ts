import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { randomisationOrder } from '../../src/explain/quality/cascadingRandomisation.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import { ModelGraph } from '../../src/models/ModelGraph.js';
import { saveCheckpoint } from '../../src/models/saveCheckpoint.js';
import { writeReport } from '../../src/report/writeReport.js';
import { qualityArtifacts } from '../../src/stages/i2x/artifacts/qualityArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';
import { qualityStage } from '../../src/stages/i2x/qualityStage.js';
import { runDatasets } from '../../src/stages/runDatasets.js';
import { stageContext } from '../../src/stages/stageContext.js';
import { quietProgress } from '../models/fixtures/trainFixtures.js';
import { SYNTHETIC, syntheticRun, readRunStageOutputs, type SyntheticRun } from './syntheticRun.js';

/**
 * The report's example maps of the cascading randomisation: the synthetic run (its store holds quality figures), with
 * the quality stage run for real on an untrained ResNet-8 over its 16x16 images, so the maps are a network's maps
 * and re-initialising its layers must change them.
 */
describe('the report\'s example maps of each randomisation step', () => {
  let run: SyntheticRun;
  let html: string;
  let reportDir: string;
  let steps: number;
  const methods = ['gradcam', 'lrp-epsilon-plus-flat'];
  beforeAll(async () => {
    await selectBackend('wasm');
    run = await syntheticRun({ finetune: true });
    const runDir = join(run.artifactsRoot, run.runId);
    const config = resolveConfig({ ...run.config, model: { arch: 'resnet8', width: 0.25 }, workers: 1, quality: { sampleSize: 5, metrics: ['mprt'] } });
    const model = buildResNet({ arch: 'resnet8', inputShape: [SYNTHETIC.size, SYNTHETIC.size, 1], classes: SYNTHETIC.classes, width: 0.25, seed: 3 });
    steps = randomisationOrder(ModelGraph.fromModel(model)).length; // the cascade's steps, counted from the model
    const meta = await saveCheckpoint({
      runDir: join(run.root, 'checkpoints'),
      model,
      meta: {
        name: 'step-000000', step: 0, epoch: 0, learningRate: null, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null,
        testLoss: null, testAccuracy: null, testConfusion: null, classes: SYNTHETIC.classes, fingerprint: null, config: null, source: { kind: 'trained' },
      },
    });
    model.dispose();
    const trainDir = join(run.root, 'train');
    mkdirSync(trainDir);
    trainArtifacts.write(trainDir, [{ name: meta.name, dir: join(run.root, 'checkpoints', meta.name), step: 0, epoch: 0, testAccuracy: null }]);
    const outputDir = join(runDir, 'quality');
    mkdirSync(outputDir);
    await qualityStage.run(stageContext(qualityStage, config, {
      root: run.root, runId: run.runId, fingerprint: 'f', outputDir, checkpointDir: join(run.root, 'checkpoints'), storePath: run.storePath,
      inputDir: () => trainDir, datasets: runDatasets(config, run.root).datasets, log: () => {}, progress: quietProgress, signal: new AbortController().signal,
    }));
    const written = await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs });
    html = readFileSync(written.path, 'utf8');
    reportDir = join(runDir, 'report');
  });
  afterAll(() => run?.remove());

  it('shows per method 3 samples x (the trained map + one after each of the model\'s steps), in the quality section', () => {
    const { examples } = qualityArtifacts.read(join(run.artifactsRoot, run.runId, 'quality'));
    expect(examples?.methods.map((m) => m.method)).toEqual(methods);
    expect(examples?.samples.length).toBe(3);
    const quality = html.slice(html.indexOf('<section id="quality">'));
    expect(quality).toContain('Parameter randomisation: example maps');
    for (const method of methods) {
      const files = [...quality.matchAll(new RegExp(`<img src="(img/randomisation-${method}-\\d+-s\\d+\\.png)"`, 'g'))].map((m) => m[1]);
      expect(files.length).toBe(3 * (steps + 1));
      expect(new Set(files).size).toBe(files.length);
      for (const sample of examples!.samples) for (let k = 0; k <= steps; k++) expect(files).toContain(`img/randomisation-${method}-${sample}-s${k}.png`);
    }
  });

  it('draws maps that change as the layers are randomised: every sample\'s pictures differ across the steps', () => {
    const { examples } = qualityArtifacts.read(join(run.artifactsRoot, run.runId, 'quality'));
    const pixels = (file: string) => Buffer.from(PNG.sync.read(readFileSync(join(reportDir, file))).data).toString('base64');
    for (const method of methods) {
      for (const sample of examples!.samples) {
        const pictures = Array.from({ length: steps + 1 }, (_, k) => pixels(`img/randomisation-${method}-${sample}-s${k}.png`));
        // the trained model's map is not the fully randomised model's, and the cascade draws more than two different pictures
        expect(pictures[steps]).not.toBe(pictures[0]);
        expect(new Set(pictures).size).toBeGreaterThan(2);
      }
    }
  });
});
