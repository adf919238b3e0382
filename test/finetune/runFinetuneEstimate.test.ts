import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { takeSamples } from '../../src/data/takeSamples.js';
import { runFinetune, type RunFinetuneOptions } from '../../src/finetune/runFinetune.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import { trainModel } from '../../src/models/trainModel.js';
import type { TrainModelOptions } from '../../src/models/TrainModelOptions.js';
import { quietProgress } from '../models/fixtures/trainFixtures.js';
import { barDataset } from './fixtures/barDataset.js';

describe('runFinetune asked for its expected wall time', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const full = barDataset(40, 4);
  const curated = takeSamples(full, Int32Array.from({ length: 30 }, (_, i) => i));
  const [test, val] = [barDataset(37, 5, 'test'), barDataset(21, 6, 'test')];
  const common = (trainPhase: (o: TrainModelOptions) => ReturnType<typeof trainModel>, lines: string[], trainImagesPerSecond: number | null): RunFinetuneOptions => ({
    strategies: ['curated->full', 'full'],
    seeds: 2,
    epochs: { first: 1, second: 1 },
    loadBase: async () => buildResNet({ arch: 'resnet8', inputShape: [12, 12, 1], classes: 10, width: 0.25, seed: 9 }),
    sets: { full, curated },
    val,
    test,
    settings: { batchSize: 16, optimizer: 'adam', lr: 3e-3, momentum: 0.9, weightDecay: 0, augment: false },
    pairs: [[0, 1]],
    runDir: '/nonexistent/finetune-never-written',
    progress: quietProgress,
    trainPhase,
    estimate: { trainImagesPerSecond, report: (line) => lines.push(line) },
  });

  it('reports it before the first run, from the given training rate: 2 seeds x (30 + 40 + 40) images, 4 runs x (37 + 21) evaluated', async () => {
    const events: string[] = [];
    const trainPhase = (options: TrainModelOptions) => {
      events.push(`train ${options.train.count}`);
      return trainModel(options);
    };
    const results = await runFinetune(common(trainPhase, events, 110));
    // one thread: no pool to open per phase, so only the base model's load time per run is added
    expect(events[0]).toMatch(/^expected wall time of the 4 runs: \d+ s \(220 training images at 110 images\/s \(train stage\), 232 evaluated at [\d,]+ images\/s, 6 phases and 4 runs started in \d+ s\)$/);
    expect(events.slice(1)).toEqual(['train 30', 'train 40', 'train 40', 'train 30', 'train 40', 'train 40']); // no measurement: the rate was given
    expect(results.expected).toMatchObject({ runs: 4, phases: 6, trainImages: 220, evaluatedImages: 232, trainSeconds: 2 });
    expect(results.expected!.startSeconds).toBeGreaterThan(0);
  });

  it('measures the training rate on a few batches of the full set first when none is given', async () => {
    const events: string[] = [];
    const trainPhase = (options: TrainModelOptions) => {
      events.push(`train ${options.train.count}`);
      return trainModel(options);
    };
    const results = await runFinetune(common(trainPhase, events, null));
    // the measurement: the first min(40, 6 x 16) samples, 3 batches, the first untimed
    expect(events[0]).toBe('train 40');
    expect(events[1]).toMatch(/^expected wall time of the 4 runs: .* \(220 training images at [\d,]+ images\/s \(measured\), 232 evaluated at/);
    expect(events.slice(2)).toHaveLength(6);
    expect(results.expected!.trainSeconds).toBeGreaterThan(0);
  });
});
