import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { configSlice } from '../../src/config/configSlice.js';
import { backgroundValue } from '../../src/data/backgroundValue.js';
import type { Dataset } from '../../src/data/Dataset.js';
import { randomMaskedCells, ruleMaskedCells } from '../../src/finetune/maskedCells.js';
import { cellPixels, maskChangedValues, maskedSamples } from '../../src/finetune/maskedSamples.js';
import { randomControl } from '../../src/finetune/randomControl.js';
import { curationStage } from '../../src/stages/i2x/curationStage.js';
import { finetuneStage } from '../../src/stages/i2x/finetuneStage.js';
import { I2xError } from '../../src/util/I2xError.js';
import { expectI2xError } from '../data/fixtures/expectI2xError.js';

describe('finetune.curation.action: mask', () => {
  it('maps a cell to its block of input pixels, floor(i * size / cells) up to floor((i + 1) * size / cells)', () => {
    expect([0, 1, 2].map((i) => cellPixels(i, 3, 28))).toEqual([[0, 9], [9, 18], [18, 28]]);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => cellPixels(i, 7, 28))).toEqual([[0, 4], [4, 8], [8, 12], [12, 16], [16, 20], [20, 24], [24, 28]]);
    expect([0, 1].map((i) => cellPixels(i, 2, 5))).toEqual([[0, 2], [2, 5]]);
  });

  it("masks exactly the selected samples' cells of the prototypes they were selected for", () => {
    // 2x2 maps; sample 0 selected for p1 (p2 is in it but not a reason), sample 1 not selected, sample 2 for p2
    const assignments = Int32Array.from([1, 0, 1, 2, 1, 1, 0, 0, 2, 2, 2, 1]);
    const selected = [{ sample: 0, reasons: [{ prototype: 1 }] }, { sample: 2, reasons: [{ prototype: 2 }] }];
    expect(Array.from(ruleMaskedCells({ assignments, positions: 4, selected }))).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0]);
    const both = [{ sample: 2, reasons: [{ prototype: 1 }, { prototype: 2 }] }];
    expect(Array.from(ruleMaskedCells({ assignments, positions: 4, selected: both }))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('sets the pixels of masked cells to the background value in every channel, leaving labels and every other pixel as they were', () => {
    // 3 samples of 5x4 pixels, 2 channels; a 2x3 feature map (neither divides): rows [0,2) [2,5), columns [0,1) [1,2) [2,4)
    const [N, H, W, C] = [3, 5, 4, 2];
    const value = (n: number, y: number, x: number, c: number) => (n * 100 + y * 10 + x + c * 0.5) / 1000;
    const images = new Float32Array(N * H * W * C);
    for (let n = 0; n < N; n++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) images[((n * H + y) * W + x) * C + c] = value(n, y, x, c);
    const source: Dataset = {
      name: 'tiny', split: 'train', count: N, height: H, width: W, channels: C, images: images.slice(), labels: Int32Array.from([2, 0, 1]),
      classNames: ['a', 'b', 'c'], normalization: { mean: [0.1, 0.2], std: [0.3, 0.4] }, sourceIndex: Int32Array.from([7, 8, 9]),
    };
    const cells = new Uint8Array(N * 2 * 3);
    cells[0 * 6 + 1 * 3 + 2] = 1; // sample 0, cell (1, 2): rows 2..4, columns 2..3
    cells[2 * 6 + 0 * 3 + 0] = 1; // sample 2, cells (0, 0) and (0, 1): rows 0..1, columns 0..1
    cells[2 * 6 + 0 * 3 + 1] = 1;
    const background = [0.25, 0.75];
    const masked = maskedSamples({ source, cells, featureShape: { height: 2, width: 3 }, background });
    const changed = new Set(['0:2:2', '0:2:3', '0:3:2', '0:3:3', '0:4:2', '0:4:3', '2:0:0', '2:0:1', '2:1:0', '2:1:1']);
    let changedValues = 0;
    for (let n = 0; n < N; n++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          for (let c = 0; c < C; c++) {
            const got = masked.images[((n * H + y) * W + x) * C + c];
            const expected = changed.has(`${n}:${y}:${x}`) ? Math.fround(background[c]) : Math.fround(value(n, y, x, c));
            expect(got, `sample ${n} pixel (${y}, ${x}) channel ${c}`).toBe(expected);
            if (changed.has(`${n}:${y}:${x}`)) changedValues++;
          }
        }
      }
    }
    expect(changedValues).toBe(10 * C);
    const size = H * W * C;
    const bytesOfSample1 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset + size * 4, size * 4);
    expect(bytesOfSample1(masked.images).equals(bytesOfSample1(images))).toBe(true); // untouched sample: bit-identical
    expect(Array.from(masked.labels)).toEqual([2, 0, 1]);
    expect(Array.from(masked.sourceIndex)).toEqual([7, 8, 9]);
    expect(masked.normalization).toEqual(source.normalization);
    expect(source.images).toEqual(images); // the source is not touched
    // every masked value differs from the background here; put one at the background first and it is not counted
    expect(maskChangedValues({ source, cells, featureShape: { height: 2, width: 3 }, background })).toBe(10 * C);
    const oneAtBackground = { ...source, images: images.slice() };
    oneAtBackground.images[((2 * H + 1) * W + 0) * C + 1] = 0.75; // sample 2, pixel (1, 0), channel 1
    expect(maskChangedValues({ source: oneAtBackground, cells, featureShape: { height: 2, width: 3 }, background })).toBe(10 * C - 1);
    expect(maskChangedValues({ source, cells: new Uint8Array(N * 6), featureShape: { height: 2, width: 3 }, background })).toBe(0);
    expectI2xError(() => maskedSamples({ source, cells: new Uint8Array(5), featureShape: { height: 2, width: 3 }, background }), 'E_FINETUNE', 'expected [N, h, w] = [3, 2, 3]');
    expectI2xError(() => maskedSamples({ source, cells, featureShape: { height: 2, width: 3 }, background: [0] }), 'E_FINETUNE', 'background has 1 channels');
  });

  it("takes the background value as each channel's most common raw pixel value, the smaller one on a tie", () => {
    // channel 0: 0 and 0.5 twice each (tie: 0); channel 1: 1 three times
    const images = Float32Array.from([0, 1, 0, 1, 0.5, 1, 0.5, 0.3, 0.2, 0.3]);
    expect(backgroundValue({ images, channels: 2 })).toEqual([0, 1]);
    expect(backgroundValue({ images: Float32Array.from([0.2, 0.2, 0.1]), channels: 1 })).toEqual([Math.fround(0.2)]);
  });

  it('random control: per class as many masked samples as the curation, each with a curated sample\'s cell count, at seeded cells', () => {
    // 12 samples, classes 0, 1, 2 in turn; 3x3 maps (9 positions). Curated: samples 0 (3 cells), 3 (1), 1 (9), 8 (2)
    const labels = Int32Array.from({ length: 12 }, (_, n) => n % 3);
    const positions = 9;
    const curatedCells = new Uint8Array(12 * positions);
    const setCells = (n: number, cells: number[]) => cells.forEach((p) => (curatedCells[n * positions + p] = 1));
    setCells(0, [0, 4, 8]);
    setCells(3, [2]);
    setCells(1, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    setCells(8, [3, 5]);
    const budget = [2, 1, 1];
    const cellCount = (cells: Uint8Array, n: number) => cells.subarray(n * positions, (n + 1) * positions).reduce((s, f) => s + f, 0);
    const draw = (seed: number) => {
      const randomSamples = randomControl(labels, budget, seed);
      return { randomSamples, cells: randomMaskedCells({ labels, curatedCells, positions, randomSamples, seed: seed + 1 }) };
    };
    for (const seed of [1, 2, 3, 99]) {
      const { randomSamples, cells } = draw(seed);
      for (let c = 0; c < 3; c++) {
        const members = [...labels.keys()].filter((n) => labels[n] === c);
        const randomOfClass = members.filter((n) => randomSamples[n]);
        // the same number of samples per class, and the same cell counts: class 0 masks 3 and 1 cells, class 1 nine, class 2 two
        expect(randomOfClass.map((n) => cellCount(cells, n)).sort((a, b) => a - b), `seed ${seed} class ${c}`).toEqual([[1, 3], [9], [2]][c]);
        for (const n of members.filter((m) => !randomSamples[m])) expect(cellCount(cells, n), `seed ${seed} sample ${n}`).toBe(0);
      }
    }
    // deterministic for a seed, and another seed draws other cells
    expect(draw(5).cells).toEqual(draw(5).cells);
    expect(draw(5).cells).not.toEqual(draw(6).cells);
    expectI2xError(() => randomMaskedCells({ labels, curatedCells, positions, randomSamples: randomControl(labels, [1, 1, 1], 4), seed: 7 }), 'E_FINETUNE', 'class 0 has 2 masked curated samples but 1 random samples');
  });

  it('random control: a cell count of c draws c distinct positions, each position about equally often', () => {
    // one curated sample masking 2 of 4 cells; 400 draws (fresh seeds) of the random sample: each cell is taken ~ 2/4 of the time
    const labels = Int32Array.from([0, 0]);
    const curatedCells = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0]);
    const taken = [0, 0, 0, 0];
    for (let seed = 1; seed <= 400; seed++) {
      const cells = randomMaskedCells({ labels, curatedCells, positions: 4, randomSamples: Uint8Array.from([0, 1]), seed });
      expect(Array.from(cells.subarray(0, 4))).toEqual([0, 0, 0, 0]);
      expect(cells.subarray(4).reduce((s, f) => s + f, 0)).toBe(2);
      cells.subarray(4).forEach((f, p) => (taken[p] += f));
    }
    // binomial(400, 0.5): mean 200, sd 10; 60 is 6 sd
    for (const count of taken) expect(Math.abs(count - 200)).toBeLessThan(60);
  });

  it('config: refuses an unknown action naming the key and the accepted values, and mask with a score, budget or baselines', () => {
    const problems = (curation: Record<string, unknown>) => {
      try {
        resolveConfig({ finetune: { curation } }, { label: 'test.yaml' });
      } catch (err) {
        expect(err).toBeInstanceOf(I2xError);
        return (err as Error).message;
      }
      throw new Error('expected the config to be rejected');
    };
    expect(problems({ action: 'blur' })).toMatch(/test\.yaml: finetune\.curation\.action: got "blur"; expected one of 'remove', 'mask'/);
    expect(problems({ action: 'mask', baselines: ['aum'] })).toMatch(/finetune\.curation\.action: got "mask"; expected 'remove' when finetune\.curation has baselines \[aum\]/);
    expect(problems({ action: 'mask', method: 'aum' })).toContain("method 'aum'");
    expect(problems({ action: 'mask', budget: { count: 3 } })).toContain('a budget');
    expect(resolveConfig({}).finetune.curation.action).toBe('remove');
    expect(resolveConfig({ finetune: { curation: { action: 'mask' } } }).finetune.curation.action).toBe('mask');
  });

  it('the action is in the curation and finetune stages\' fingerprints', () => {
    const remove = resolveConfig({});
    const mask = resolveConfig({ finetune: { curation: { action: 'mask' } } });
    for (const stage of [curationStage, finetuneStage]) {
      expect(configSlice(mask, stage.configKeys), stage.name).not.toEqual(configSlice(remove, stage.configKeys));
    }
  });
});
