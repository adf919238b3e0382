import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finetuneWallTime } from '../../src/finetune/finetuneWallTime.js';
import { formatWallTime } from '../../src/finetune/formatWallTime.js';
import { recordedTrainRate } from '../../src/stages/i2x/recordedTrainRate.js';
import { I2xError } from '../../src/util/I2xError.js';

describe('finetuneWallTime', () => {
  it('adds up every phase of every strategy and seed, and the evaluations after each run (hand-computed)', () => {
    const estimate = finetuneWallTime({
      strategies: ['full->full', 'curated->full', 'full'],
      seeds: 5,
      epochs: { first: 1, second: 2 },
      setSizes: { full: 20000, curated: 18000 },
      evaluatedPerRun: 10000 + 2000,
      trainImagesPerSecond: 250,
      evaluationImagesPerSecond: 900,
      phaseStartSeconds: 2,
      runStartSeconds: 0.4,
    });
    // per seed: full->full 1x20000 + 2x20000 = 60000; curated->full 18000 + 40000 = 58000; full 20000 -> 138000
    // x 5 seeds = 690000 images / 250 = 2760 s; 15 runs x 12000 = 180000 images / 900 = 200 s;
    // (2 + 2 + 1) x 5 = 25 phases x 2 s + 15 runs x 0.4 s = 56 s; 3016 s in all
    expect(estimate).toEqual({ runs: 15, phases: 25, trainImages: 690000, evaluatedImages: 180000, trainSeconds: 2760, evaluationSeconds: 200, startSeconds: 56, seconds: 3016 });
    expect(formatWallTime(estimate, { trainImagesPerSecond: 250, evaluationImagesPerSecond: 900, trainRateSource: 'train stage' })).toBe(
      'expected wall time of the 15 runs: 50 min 16 s (690,000 training images at 250 images/s (train stage), 180,000 evaluated at 900 images/s, 25 phases and 15 runs started in 56 s)',
    );
  });

  it("matches the issue's sizing: 4 two-phase strategies x 5 seeds x 2 epochs of 54k images at 260 images/s", () => {
    const estimate = finetuneWallTime({
      strategies: ['full->full', 'curated->full', 'random->full', 'curated->curated'],
      seeds: 5,
      epochs: { first: 1, second: 1 },
      setSizes: { full: 54000, curated: 54000, random: 54000 },
      evaluatedPerRun: 10000,
      trainImagesPerSecond: 260,
      evaluationImagesPerSecond: 500,
    });
    // 4 x 5 x 2 x 54000 = 2,160,000 images / 260 = 8307.69 s; 20 x 10000 / 500 = 400 s; 8707.69 s = 145.1 min
    expect(estimate.trainImages).toBe(2160000);
    expect(estimate.trainSeconds).toBeCloseTo(8307.6923, 3);
    expect(estimate.evaluationSeconds).toBe(400);
    expect(estimate.seconds).toBeCloseTo(8707.6923, 3);
    expect(formatWallTime(estimate, { trainImagesPerSecond: 260, evaluationImagesPerSecond: 500, trainRateSource: 'measured' })).toBe(
      'expected wall time of the 20 runs: 2 h 25 min (2,160,000 training images at 260 images/s (measured), 200,000 evaluated at 500 images/s, 40 phases and 20 runs started in 0 s)',
    );
  });

  it('leaves out phases of 0 epochs, and says seconds for a short invocation of one run', () => {
    const estimate = finetuneWallTime({
      strategies: ['curated->full'],
      seeds: 1,
      epochs: { first: 0, second: 3 },
      setSizes: { full: 100 }, // the curated set is not needed: its phase has no epochs
      evaluatedPerRun: 50,
      trainImagesPerSecond: 20,
      evaluationImagesPerSecond: 100,
    });
    expect(estimate).toEqual({ runs: 1, phases: 1, trainImages: 300, evaluatedImages: 50, trainSeconds: 15, evaluationSeconds: 0.5, startSeconds: 0, seconds: 15.5 });
    expect(formatWallTime(estimate, { trainImagesPerSecond: 20, evaluationImagesPerSecond: 100, trainRateSource: 'measured' })).toMatch(/^expected wall time of the 1 run: 16 s \(300 training images.*, 1 phase and 1 run started in 0 s\)$/);
  });

  it('refuses a missing set size or a rate that is not positive, naming it', () => {
    const input = { strategies: ['random->full'] as const, seeds: 1, epochs: { first: 1, second: 1 }, setSizes: { full: 10 }, evaluatedPerRun: 5, trainImagesPerSecond: 10, evaluationImagesPerSecond: 10 };
    expect(() => finetuneWallTime(input)).toThrow(/'random->full' trains on the random set, whose size was not given/);
    expect(() => finetuneWallTime({ ...input, setSizes: { full: 10, random: 8 }, trainImagesPerSecond: 0 })).toThrow(I2xError);
    expect(() => finetuneWallTime({ ...input, setSizes: { full: 10, random: 8 }, evaluationImagesPerSecond: Number.NaN })).toThrow(/evaluationImagesPerSecond is NaN/);
  });
});

describe('recordedTrainRate', () => {
  it("reads the train stage record's trainImagesPerSecond, null when absent or not a positive number", () => {
    const dir = (summary: unknown) => {
      const d = mkdtempSync(join(tmpdir(), 'i2x-rate-'));
      writeFileSync(join(d, 'stage.json'), JSON.stringify({ stage: 'train', fingerprint: 'f', summary }));
      return d;
    };
    expect(recordedTrainRate(dir({ checkpoints: 3, trainImagesPerSecond: 261.5 }))).toBe(261.5);
    expect(recordedTrainRate(dir({ checkpoints: 3 }))).toBeNull(); // a record from before the rate was kept
    expect(recordedTrainRate(dir({ trainImagesPerSecond: null }))).toBeNull(); // nothing trained in that run
    expect(recordedTrainRate(dir({ trainImagesPerSecond: '260' }))).toBeNull();
    expect(recordedTrainRate(mkdtempSync(join(tmpdir(), 'i2x-rate-')))).toBeNull(); // no record at all
  });
});
