import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { runDatasets } from '../../src/stages/runDatasets.js';
import { useTempDir } from '../data/fixtures/useTempDir.js';
import { writeIdx } from '../data/fixtures/writeIdx.js';

const makeDir = useTempDir();

/** A project root holding IDX files under idx/ (`count` 4x4 images per split, pixel values shifted by `shift`). */
function project(shift = 0): string {
  const root = makeDir('datasets');
  mkdirSync(join(root, 'idx'));
  for (const prefix of ['train', 't10k']) {
    const count = 20;
    writeIdx(join(root, 'idx', `${prefix}-images-idx3-ubyte`), [count, 4, 4], Array.from({ length: count * 16 }, (_, i) => (i * 7 + shift) % 256));
    writeIdx(join(root, 'idx', `${prefix}-labels-idx1-ubyte`), [count], Array.from({ length: count }, (_, i) => i % 2));
  }
  return root;
}
const config = (data: Record<string, unknown> = {}, seed = 0) =>
  resolveConfig({ name: 'data', seed, data: { dataset: 'idx', path: 'idx', trainSubset: null, testSubset: null, valFraction: 0.25, ...data } });

describe('runDatasets', () => {
  it('resolves a relative data.path against the project root and loads the data once for the stages and the digest', () => {
    const data = runDatasets(config(), project());
    const first = data.datasets();
    expect([first.train.count, first.val?.count, first.test.count]).toEqual([15, 5, 20]);
    const digest = data.digest();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(data.datasets()).toBe(first); // the same load, not a second one
    expect(data.digest()).toBe(digest);
  });

  it('has equal digests for equal data (a fresh load of the same files), and another digest when the contents, subset or split change', () => {
    const digest = (root: string, cfg = config()) => runDatasets(cfg, root).digest();
    const a = project();
    const same = digest(a);
    expect(digest(a)).toBe(same); // (an 'idx' dataset's name holds its path, so a copy elsewhere has another digest)
    expect(digest(project(1))).not.toBe(same); // same config, other pixels
    expect(digest(a, config({ valFraction: 0.5 }))).not.toBe(same);
    expect(digest(a, config({ trainSubset: { first: 12 } }))).not.toBe(same);
    expect(digest(a, config({}, 3))).not.toBe(same); // the validation split is drawn with the seed
  });

  it('plants after the subsets and the validation split: same samples drawn, the changes listed per split, and another digest for each plant', () => {
    const root = project();
    const clean = runDatasets(config(), root);
    const decoy = { kind: 'decoy', swatchSize: 2 };
    const shortcut = { kind: 'shortcut', size: 2, x: 2, y: 2, value: 255, train: { class: 1, fraction: 0.5 }, test: { class: 0, fraction: 1 } };
    const flip = { kind: 'label-flip', from: 0, to: 1, fraction: 0.5 };
    const planted = runDatasets(config({ plant: [shortcut, flip] }), root).datasets();
    const { train, val, test } = clean.datasets();
    expect(clean.datasets().planted).toEqual([]);
    expect(Array.from(planted.train.sourceIndex)).toEqual(Array.from(train.sourceIndex));
    expect(Array.from(planted.val!.sourceIndex)).toEqual(Array.from(val!.sourceIndex));
    expect(Array.from(planted.test.sourceIndex)).toEqual(Array.from(test.sourceIndex));
    const count = (split: string, kind: string) => planted.planted.filter((p) => p.split === split && p.kind === kind).length;
    const ofClass = (ds: typeof train, c: number) => Array.from(ds.labels).filter((l) => l === c).length;
    // train: 15 samples, val: 5; the training construction on both, the test construction on test (10 of class 0, no flips)
    expect([count('train', 'shortcut'), count('val', 'shortcut'), count('test', 'shortcut')]).toEqual([
      Math.round(0.5 * ofClass(train, 1)),
      Math.round(0.5 * ofClass(val!, 1)),
      10,
    ]);
    expect([count('train', 'label-flip'), count('val', 'label-flip'), count('test', 'label-flip')]).toEqual([
      Math.round(0.5 * ofClass(train, 0)),
      Math.round(0.5 * ofClass(val!, 0)),
      0,
    ]);
    // the split's own samples are what the records index
    for (const p of planted.planted.filter((r) => r.kind === 'shortcut')) {
      const ds = p.split === 'train' ? planted.train : p.split === 'val' ? planted.val! : planted.test;
      expect(ds.images[p.sample * 16 + 2 * 4 + 2]).toBe(1);
    }
    const digest = (plant: unknown[]) => runDatasets(config({ plant }), root).digest();
    const digests = [clean.digest(), digest([]), digest([decoy]), digest([shortcut]), digest([flip]), digest([shortcut, flip]), digest([flip, shortcut])];
    expect(digests[1]).toBe(digests[0]); // no plants, the same data
    expect(new Set(digests.slice(1)).size).toBe(6);
  });
});
