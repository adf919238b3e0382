import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { finetuneTableText } from '../../src/cli/finetuneTableText.js';
import { main } from '../../src/cli/main.js';
import { captureOutput } from '../helpers/captureOutput.js';


const QUICKSTART = fileURLToPath(new URL('../../configs/quickstart.yaml', import.meta.url));
// Small enough that a regression (training before the check) would still end quickly.
const TINY = ['--set', 'data.trainSubset.perClass=3', '--set', 'data.testSubset.first=20', '--set', 'train.epochs=1', '--set', 'model.width=0.25'];
const MNIST_CLASSES = "Dataset 'mnist' has 10 classes, so class indices must be in 0..9 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9).";

/** Every command runs with an empty project root (`--root`), where `artifacts/` and `checkpoints/` would be made. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2x-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('class indices are checked against the dataset before any stage runs', () => {
  it.each([
    [['run', QUICKSTART, ...TINY, '--set', 'analysis.uncertain.pairs=[[2,12]]'], `i2x run: [E_CONFIG] analysis.uncertain.pairs[0]: got [2, 12]; class 12 is out of range. ${MNIST_CLASSES}\n`],
    [['finetune', QUICKSTART, ...TINY, '--set', 'finetune.pairs=[[12,2]]'], `i2x finetune: [E_CONFIG] finetune.pairs[0]: got [12, 2]; class 12 is out of range. ${MNIST_CLASSES}\n`],
    [['run', QUICKSTART, ...TINY, '--set', 'analysis.saliency.target=10'], `i2x run: [E_CONFIG] analysis.saliency.target: got 10; class 10 is out of range. ${MNIST_CLASSES}\n`],
    [['status', QUICKSTART, '--set', 'analysis.uncertain.pairs=[[2,12]]'], `i2x status: [E_CONFIG] analysis.uncertain.pairs[0]: got [2, 12]; class 12 is out of range. ${MNIST_CLASSES}\n`],
  ])('%o is refused and nothing is trained or written', async (argv, message) => {
    const io = captureOutput();
    expect(await main([...argv, '--root', dir])).toBe(1);
    expect(io.err()).toBe(message);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('i2x status', () => {
  it('lists every stage of the full pipeline, curation and fine-tuning included, the report last', async () => {
    const io = captureOutput();
    expect(await main(['status', QUICKSTART, '--root', dir])).toBe(0);
    const stages = ['train', 'features', 'prototypes', 'saliency', 'intensities', 'groups', 'ridge', 'explanation', 'compare', 'quality', 'scores', 'detection', 'predictions', 'database', 'curation', 'finetune', 'report'];
    expect(io.out()).toBe(stages.map((name) => `${name.padEnd(14)} missing\n`).join(''));
  });
});

describe('--root', () => {
  it('puts artifacts/ and checkpoints/ under the root, not the working directory, and status reads them from there', async () => {
    const root = join(dir, 'project');
    const before = readdirSync(process.cwd()).sort();
    captureOutput();
    expect(await main(['run', QUICKSTART, ...TINY, '--set', 'workers=1', '--only', 'train', '--root', root])).toBe(0);
    expect(readdirSync(root).sort()).toEqual(['artifacts', 'checkpoints']);
    expect(readdirSync(join(root, 'checkpoints', 'quickstart')).filter((name) => name.startsWith('step-')).length).toBeGreaterThan(0);
    expect(readdirSync(process.cwd()).sort()).toEqual(before);
    vi.restoreAllMocks();
    const io = captureOutput();
    expect(await main(['status', QUICKSTART, ...TINY, '--set', 'workers=1', '--root', root])).toBe(0);
    expect(io.out().split('\n')[0]).toMatch(/^train +done finished /);
    vi.restoreAllMocks();
    const elsewhere = captureOutput();
    expect(await main(['status', QUICKSTART, ...TINY, '--set', 'workers=1', '--root', join(dir, 'empty')])).toBe(0);
    expect(elsewhere.out().split('\n')[0]).toMatch(/^train +missing$/);
  });

  it('after a whole run, status calls every analysis stage and the report done (the report of a run never fine-tuned)', async () => {
    const root = join(dir, 'whole');
    captureOutput();
    // a small saliency-quality sample: this test is about status (the quality stage has its own tests)
    expect(await main(['run', QUICKSTART, ...TINY, '--set', 'workers=1', '--set', 'quality.sampleSize=4', '--set', 'quality.steps=4', '--root', root])).toBe(0);
    vi.restoreAllMocks();
    const io = captureOutput();
    expect(await main(['status', QUICKSTART, ...TINY, '--set', 'workers=1', '--set', 'quality.sampleSize=4', '--set', 'quality.steps=4', '--root', root])).toBe(0);
    const states = io.out().trimEnd().split('\n').map((line) => line.split(/ +/).slice(0, 2).join(' '));
    const done = ['train', 'features', 'prototypes', 'saliency', 'intensities', 'groups', 'ridge', 'explanation', 'compare', 'quality', 'scores', 'detection', 'predictions', 'database'];
    expect(states).toEqual([...done.map((name) => `${name} done`), 'curation missing', 'finetune missing', 'report done']);
  });
});

describe('finetuneTableText', () => {
  const stage = (name: string, stageDir: string) => ({ name, status: 'cached' as const, fingerprint: 'f', dir: stageDir });

  it('says the finetune stage was not part of the call (e.g. --only curation) instead of reading its table', () => {
    expect(finetuneTableText({ stages: [stage('curation', join(dir, 'nowhere', 'curation'))] })).toBe('no fine-tuning table: the finetune stage was not part of this call\n');
  });

  it("says which file is missing when the stage ran or was cached without its table, and prints the table when it is there", () => {
    const stageDir = join(dir, 'run', 'finetune');
    try {
      expect(finetuneTableText({ stages: [stage('finetune', stageDir)] })).toBe(`no fine-tuning table: ${join(stageDir, 'table.txt')} is missing; re-run the stage with --force finetune\n`);
      mkdirSync(stageDir, { recursive: true });
      writeFileSync(join(stageDir, 'table.txt'), 'strategy  test acc\nfull      0.9\n');
      expect(finetuneTableText({ stages: [stage('curation', join(dir, 'run', 'curation')), stage('finetune', stageDir)] })).toBe('strategy  test acc\nfull      0.9\n');
      // with paired comparisons, what their intervals leave out follows them
      writeFileSync(join(stageDir, 'comparisons.txt'), 'Paired by seed against the reference:\ncurated  full  -1.0');
      expect(finetuneTableText({ stages: [stage('finetune', stageDir)] })).toBe(
        'strategy  test acc\nfull      0.9\n\nPaired by seed against the reference:\ncurated  full  -1.0\n' +
          'These intervals are over fine-tuning seeds of one base model; they leave out how much a difference varies between training runs (seed), which on planted MNIST was more (docs/experiments.md, experiment 2, addendum F).\n',
      );
    } finally {
      rmSync(join(dir, 'run'), { recursive: true, force: true });
    }
  });
});
