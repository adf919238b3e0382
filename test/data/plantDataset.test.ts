import { describe, expect, it } from 'vitest';
import type { PlantConfig } from '../../src/config/configSchema.js';
import type { Dataset } from '../../src/data/Dataset.js';
import { plantDataset, type PlantedBox } from '../../src/data/plantDataset.js';
import { I2xError } from '../../src/util/I2xError.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** count images of side `side`, every pixel at grey level 10 (so a planted level is never confused with the background) */
function tiny(labels: number[], { side = 6, channels = 1, split = 'train' as Dataset['split'] } = {}): Dataset {
  const count = labels.length;
  return {
    name: 'tiny',
    split,
    count,
    height: side,
    width: side,
    channels,
    images: new Float32Array(count * side * side * channels).fill(10 / 255),
    labels: Int32Array.from(labels),
    classNames: DIGITS,
    normalization: { mean: [0], std: [1] },
    sourceIndex: Int32Array.from(labels, (_, i) => i),
  };
}

/** grey level (0..255) of every pixel of sample i, channel c, as rows */
function levels(ds: Dataset, i: number, c = 0): number[][] {
  const out: number[][] = [];
  for (let y = 0; y < ds.height; y++) {
    const row: number[] = [];
    for (let x = 0; x < ds.width; x++) row.push(Math.round(ds.images[((i * ds.height + y) * ds.width + x) * ds.channels + c] * 255));
    out.push(row);
  }
  return out;
}

/** the picture expected: background 10, `box` at `level` */
function picture(side: number, box: PlantedBox | null, level: number): number[][] {
  return Array.from({ length: side }, (_, y) =>
    Array.from({ length: side }, (_, x) => (box && x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height ? level : 10)),
  );
}

const decoy: PlantConfig = { kind: 'decoy', swatchSize: 2 };
const flip = (fraction: number, both = false): PlantConfig => ({ kind: 'label-flip', from: 2, to: 7, fraction, both });
const shortcut = (over: Partial<Extract<PlantConfig, { kind: 'shortcut' }>> = {}): PlantConfig => ({
  kind: 'shortcut',
  size: 2,
  x: 3,
  y: 1,
  value: 200,
  train: { class: 2, fraction: 1 },
  secondTrain: null,
  test: null,
  ...over,
});
const LABELS = [0, 1, 2, 2, 2, 2, 7, 7, 9, 2];

describe('plantDataset', () => {
  it('returns the dataset itself, unchanged, with no plants', () => {
    const ds = tiny(LABELS);
    expect(plantDataset(ds, [], { seed: 1, construction: 'train' })).toEqual({ dataset: ds, planted: [] });
    expect(plantDataset(ds, [], { seed: 1, construction: 'train' }).dataset).toBe(ds);
  });

  it('decoy: a swatch of level 255 - 25 * label in one corner of every training image, and nothing else changed', () => {
    const ds = tiny(LABELS);
    const { dataset, planted } = plantDataset(ds, [decoy], { seed: 3, construction: 'train' });
    expect(planted).toHaveLength(LABELS.length);
    const corners = [0, 4].flatMap((y) => [0, 4].map((x) => JSON.stringify({ x, y, width: 2, height: 2 })));
    planted.forEach((p, i) => {
      expect(p).toMatchObject({ split: 'train', sample: i, plant: 0, kind: 'decoy', originalLabel: LABELS[i], givenLabel: LABELS[i] });
      expect(corners).toContain(JSON.stringify(p.mask));
      expect(levels(dataset, i)).toEqual(picture(6, p.mask, 255 - 25 * LABELS[i]));
    });
    expect(Array.from(dataset.labels)).toEqual(LABELS);
    // the input is untouched
    expect(levels(ds, 0)).toEqual(picture(6, null, 0 + 10));
    // corners are drawn, not fixed: more than one corner is used over the ten images
    expect(new Set(planted.map((p) => JSON.stringify(p.mask))).size).toBeGreaterThan(1);
  });

  it('decoy in test: the level is 255 - 25 * r for a random digit r, not the label', () => {
    const labels = Array.from({ length: 40 }, () => 3);
    const { dataset, planted } = plantDataset(tiny(labels, { split: 'test' }), [decoy], { seed: 3, construction: 'test' });
    const digits = planted.map((p, i) => {
      const box = p.mask!;
      const level = levels(dataset, i)[box.y][box.x];
      expect(levels(dataset, i)).toEqual(picture(6, box, level));
      expect((255 - level) % 25).toBe(0);
      return (255 - level) / 25;
    });
    for (const r of digits) expect(r).toBeGreaterThanOrEqual(0), expect(r).toBeLessThanOrEqual(9);
    expect(new Set(digits).size).toBeGreaterThan(3);
    expect(planted.every((p) => p.split === 'test' && p.givenLabel === 3)).toBe(true);
  });

  it('sets every channel of a 3-channel image', () => {
    const { dataset, planted } = plantDataset(tiny([5], { channels: 3 }), [decoy], { seed: 0, construction: 'train' });
    for (const c of [0, 1, 2]) expect(levels(dataset, 0, c)).toEqual(picture(6, planted[0].mask, 130));
  });

  it('shortcut: exactly the square given, at the value given, on the fraction of the class asked', () => {
    const { dataset, planted } = plantDataset(tiny(LABELS), [shortcut()], { seed: 5, construction: 'train' });
    const box = { x: 3, y: 1, width: 2, height: 2 };
    expect(planted).toEqual([2, 3, 4, 5, 9].map((sample) => ({ split: 'train', sample, plant: 0, kind: 'shortcut', originalLabel: 2, givenLabel: 2, mask: box })));
    LABELS.forEach((label, i) => expect(levels(dataset, i)).toEqual(picture(6, label === 2 ? box : null, 200)));

    // half of class 2 (5 samples: round(2.5) = 3) and all of class 7; in test only its test class
    const both = shortcut({ train: { class: 2, fraction: 0.5 }, secondTrain: { class: 7, fraction: 1 }, test: { class: 9, fraction: 1 } });
    const train = plantDataset(tiny(LABELS), [both], { seed: 5, construction: 'train' }).planted;
    expect(train.filter((p) => p.originalLabel === 2)).toHaveLength(3);
    expect(train.filter((p) => p.originalLabel === 7).map((p) => p.sample)).toEqual([6, 7]);
    expect(train).toHaveLength(5);
    const test = plantDataset(tiny(LABELS, { split: 'test' }), [both], { seed: 5, construction: 'test' }).planted;
    expect(test.map((p) => [p.split, p.sample])).toEqual([['test', 8]]);
    expect(plantDataset(tiny(LABELS), [shortcut()], { seed: 5, construction: 'test' }).planted).toEqual([]);
  });

  it('label-flip: exactly round(fraction * count) of class from get label to, and with both the reverse too', () => {
    const labels = [...Array.from({ length: 20 }, () => 2), ...Array.from({ length: 10 }, () => 7), 0, 1];
    for (const fraction of [0, 0.05, 0.25, 0.5, 1]) {
      const { dataset, planted } = plantDataset(tiny(labels), [flip(fraction)], { seed: 9, construction: 'train' });
      expect(planted).toHaveLength(Math.round(fraction * 20));
      const flipped = new Set(planted.map((p) => p.sample));
      labels.forEach((label, i) => expect(dataset.labels[i]).toBe(flipped.has(i) ? 7 : label));
      for (const p of planted) expect(p).toMatchObject({ kind: 'label-flip', originalLabel: 2, givenLabel: 7, mask: null });
      expect(dataset.images).toEqual(tiny(labels).images);
    }
    const { dataset, planted } = plantDataset(tiny(labels), [flip(0.25, true)], { seed: 9, construction: 'train' });
    expect(planted.filter((p) => p.originalLabel === 2 && p.givenLabel === 7)).toHaveLength(5);
    expect(planted.filter((p) => p.originalLabel === 7 && p.givenLabel === 2)).toHaveLength(3); // round(2.5)
    expect(Array.from(dataset.labels).filter((l) => l === 2)).toHaveLength(20 - 5 + 3);
    expect(plantDataset(tiny(labels, { split: 'test' }), [flip(1)], { seed: 9, construction: 'test' }).planted).toEqual([]);
  });

  it('is deterministic for a seed, and another seed draws differently', () => {
    const labels = Array.from({ length: 60 }, (_, i) => [2, 7, 4][i % 3]);
    const plants = [decoy, flip(0.5, true), shortcut({ train: { class: 4, fraction: 0.5 } })];
    const a = plantDataset(tiny(labels), plants, { seed: 11, construction: 'train' });
    const again = plantDataset(tiny(labels), plants, { seed: 11, construction: 'train' });
    const other = plantDataset(tiny(labels), plants, { seed: 12, construction: 'train' });
    expect(again).toEqual(a);
    for (const kind of ['decoy', 'label-flip', 'shortcut']) {
      const of = (r: typeof a) => r.planted.filter((p) => p.kind === kind).map((p) => [p.sample, p.mask]);
      expect(of(other)).not.toEqual(of(a));
    }
  });

  it('combines plants in order: each sees the labels and pixels the previous left', () => {
    // flip all of class 2 to 7, then decoy: the decoy level follows the given label 7 (80), and a shortcut on class 7 marks the flipped samples
    const labels = [2, 2, 7];
    const box = { x: 0, y: 0, width: 6, height: 6 };
    const plants: PlantConfig[] = [flip(1), { kind: 'decoy', swatchSize: 6 }, shortcut({ size: 1, x: 0, y: 0, value: 0, train: { class: 7, fraction: 1 } })];
    const { dataset, planted } = plantDataset(tiny(labels), plants, { seed: 2, construction: 'train' });
    expect(Array.from(dataset.labels)).toEqual([7, 7, 7]);
    expect(planted.map((p) => [p.plant, p.kind, p.sample, p.originalLabel, p.givenLabel])).toEqual([
      [0, 'label-flip', 0, 2, 7],
      [0, 'label-flip', 1, 2, 7],
      [1, 'decoy', 0, 7, 7],
      [1, 'decoy', 1, 7, 7],
      [1, 'decoy', 2, 7, 7],
      [2, 'shortcut', 0, 7, 7],
      [2, 'shortcut', 1, 7, 7],
      [2, 'shortcut', 2, 7, 7],
    ]);
    for (let i = 0; i < 3; i++) {
      const expected = picture(6, box, 80);
      expected[0][0] = 0;
      expect(levels(dataset, i)).toEqual(expected);
    }
    // the other order: the decoy sees the original label 2 (205) on the first two samples
    const reversed = plantDataset(tiny(labels), [plants[1], plants[0]], { seed: 2, construction: 'train' }).dataset;
    expect([0, 1, 2].map((i) => levels(reversed, i)[3][3])).toEqual([205, 205, 80]);
  });

  it('refuses a square outside the image or a class the data does not have, naming the key and what is accepted', () => {
    const error = (plant: PlantConfig): I2xError => {
      try {
        plantDataset(tiny(LABELS), [decoy, plant], { seed: 0, construction: 'train' });
      } catch (err) {
        expect(err).toBeInstanceOf(I2xError);
        expect((err as I2xError).code).toBe('E_CONFIG');
        return err as I2xError;
      }
      throw new Error('expected plantDataset to refuse the plant');
    };
    expect(error(shortcut({ x: 5 })).message).toBe(
      'data.plant[1]: a 2x2 square at x 5, y 1 does not fit the 6x6 images of tiny/train; expected x + size <= 6 and y + size <= 6',
    );
    expect(error({ kind: 'decoy', swatchSize: 7 }).message).toMatch(/^data\.plant\[1\]\.swatchSize: a 7x7 square .* does not fit the 6x6 images/);
    expect(error(shortcut({ secondTrain: { class: 12, fraction: 1 } })).message).toBe(
      'data.plant[1].secondTrain.class: class 12 is out of range for tiny/train; expected a class index in 0..9',
    );
    expect(error({ kind: 'label-flip', from: 2, to: 10, fraction: 1, both: false }).message).toBe(
      'data.plant[1].to: class 10 is out of range for tiny/train; expected a class index in 0..9',
    );
    const twelve = { ...tiny([11]), classNames: [...DIGITS, '10', '11'] };
    expect(() => plantDataset(twelve, [decoy], { seed: 0, construction: 'train' })).toThrow(
      'data.plant[0]: a decoy writes 255 - 25 * label, which needs at most 10 classes; tiny/train has 12',
    );
  });
});
