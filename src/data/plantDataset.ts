import type { PlantConfig } from '../config/configSchema.js';
import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';
import { derivedSeed } from '../util/derivedSeed.js';
import { byteToUnit } from './byteToUnit.js';
import type { Dataset } from './Dataset.js';

/** The pixels a plant changed: a box of whole pixels, all channels. */
export interface PlantedBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One change a plant made to one sample (a sample changed by two plants has two records, in plant order). */
export interface PlantedSample {
  readonly split: Dataset['split'];
  /** index of the sample in its prepared split */
  readonly sample: number;
  /** index of the plant in `data.plant` */
  readonly plant: number;
  readonly kind: PlantConfig['kind'];
  /** the label before this plant */
  readonly originalLabel: number;
  /** the label after it (differs only for label-flip) */
  readonly givenLabel: number;
  /** the pixels set, or null when no pixel changed (label-flip) */
  readonly mask: PlantedBox | null;
}

/**
 * `dataset` with `plants` applied in order (each to what the previous left), and a record of every change.
 * Pure and deterministic: plant i draws only from derivedSeed(seed, `plant/<i>/<kind>/<split>`, 0).
 * `construction` says which rule applies: 'train' for the training and validation splits, 'test' for the
 * test split (decoy levels become random, shortcut marks its `test` class, label-flip changes nothing).
 * Pixel values are grey levels 0..255 as in the raw files (stored as level / 255), set on every channel.
 * With no plants the dataset is returned as it is.
 */
export function plantDataset(
  dataset: Dataset,
  plants: readonly PlantConfig[],
  options: { readonly seed: number; readonly construction: 'train' | 'test' },
): { dataset: Dataset; planted: PlantedSample[] } {
  if (plants.length === 0) return { dataset, planted: [] };
  const images = dataset.images.slice();
  const labels = dataset.labels.slice();
  const planted: PlantedSample[] = [];
  const pixels = dataset.height * dataset.width * dataset.channels;
  const classCount = dataset.classNames.length;
  const where = `${dataset.name}/${dataset.split}`;

  const checkClass = (key: string, c: number): void => {
    if (!Number.isInteger(c) || c < 0 || c >= classCount) {
      throw new I2xError('E_CONFIG', `${key}: class ${c} is out of range for ${where}; expected a class index in 0..${classCount - 1}`);
    }
  };
  const checkBox = (key: string, box: PlantedBox): void => {
    if (box.x < 0 || box.y < 0 || box.x + box.width > dataset.width || box.y + box.height > dataset.height) {
      throw new I2xError(
        'E_CONFIG',
        `${key}: a ${box.width}x${box.height} square at x ${box.x}, y ${box.y} does not fit the ${dataset.width}x${dataset.height} images of ${where}; ` +
          `expected x + size <= ${dataset.width} and y + size <= ${dataset.height}`,
      );
    }
  };
  const paint = (sample: number, box: PlantedBox, level: number): void => {
    const value = byteToUnit[level];
    for (let row = box.y; row < box.y + box.height; row++) {
      const start = sample * pixels + (row * dataset.width + box.x) * dataset.channels;
      images.fill(value, start, start + box.width * dataset.channels);
    }
  };
  /** exactly round(fraction * n) samples of class c, in index order, drawn with rng */
  const drawClass = (c: number, fraction: number, rng: SeededRandom): number[] => {
    const members: number[] = [];
    for (let i = 0; i < dataset.count; i++) if (labels[i] === c) members.push(i);
    const order = rng.permutation(members.length);
    const take = Math.round(fraction * members.length);
    return Array.from(order.subarray(0, take), (k) => members[k]).sort((a, b) => a - b);
  };

  plants.forEach((plant, index) => {
    const key = `data.plant[${index}]`;
    const rng = new SeededRandom(derivedSeed(options.seed, `plant/${index}/${plant.kind}/${dataset.split}`, 0));
    const record = (sample: number, originalLabel: number, mask: PlantedBox | null): void => {
      planted.push({ split: dataset.split, sample, plant: index, kind: plant.kind, originalLabel, givenLabel: labels[sample], mask });
    };
    if (plant.kind === 'decoy') {
      const s = plant.swatchSize;
      const corners = [
        { x: 0, y: 0 },
        { x: dataset.width - s, y: 0 },
        { x: 0, y: dataset.height - s },
        { x: dataset.width - s, y: dataset.height - s },
      ];
      checkBox(`${key}.swatchSize`, { x: 0, y: 0, width: s, height: s });
      if (classCount > 10) {
        throw new I2xError('E_CONFIG', `${key}: a decoy writes 255 - 25 * label, which needs at most 10 classes; ${where} has ${classCount}`);
      }
      for (let i = 0; i < dataset.count; i++) {
        const box = { ...corners[rng.int(4)], width: s, height: s };
        const digit = options.construction === 'train' ? labels[i] : rng.int(10);
        paint(i, box, 255 - 25 * digit);
        record(i, labels[i], box);
      }
    } else if (plant.kind === 'shortcut') {
      const box = { x: plant.x, y: plant.y, width: plant.size, height: plant.size };
      checkBox(key, box);
      const targets =
        options.construction === 'train'
          ? [
              { key: `${key}.train.class`, spec: plant.train },
              ...(plant.secondTrain ? [{ key: `${key}.secondTrain.class`, spec: plant.secondTrain }] : []),
            ]
          : plant.test
            ? [{ key: `${key}.test.class`, spec: plant.test }]
            : [];
      targets.forEach(({ key: classKey, spec }) => checkClass(classKey, spec.class));
      const marked = targets.map(({ spec }) => drawClass(spec.class, spec.fraction, rng));
      for (const sample of marked.flat().sort((a, b) => a - b)) {
        paint(sample, box, plant.value);
        record(sample, labels[sample], box);
      }
    } else {
      checkClass(`${key}.from`, plant.from);
      checkClass(`${key}.to`, plant.to);
      if (options.construction !== 'train') return;
      const flips = [{ samples: drawClass(plant.from, plant.fraction, rng), to: plant.to }];
      if (plant.both) flips.push({ samples: drawClass(plant.to, plant.fraction, rng), to: plant.from });
      const changes = flips.flatMap(({ samples, to }) => samples.map((sample) => ({ sample, to }))).sort((a, b) => a.sample - b.sample);
      for (const { sample, to } of changes) {
        const originalLabel = labels[sample];
        labels[sample] = to;
        record(sample, originalLabel, null);
      }
    }
  });
  return { dataset: { ...dataset, images, labels }, planted };
}
