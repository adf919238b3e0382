import type { Dataset } from '../../data/Dataset.js';
import type { PlantedSample } from '../../data/plantDataset.js';

/**
 * The ceiling of the removal metrics where `data.plant` marked pixels: for each of `samples` (indices into
 * `split`) that a plant changed pixels of, a [H, W] map that is 1 on the planted boxes and 0 elsewhere.
 * Returns those maps and their positions in `samples`; samples without a planted box (label-flip, or not
 * drawn by the plant) have no oracle.
 */
export function plantedMaskMaps(
  planted: readonly PlantedSample[],
  split: Dataset['split'],
  samples: Int32Array,
  height: number,
  width: number,
): { maps: Float32Array; positions: Int32Array } {
  const position = new Map<number, number>();
  samples.forEach((sample, i) => position.set(sample, i));
  const masks = new Map<number, Float32Array>();
  for (const record of planted) {
    const i = record.split === split && record.mask ? position.get(record.sample) : undefined;
    if (i === undefined || !record.mask) continue;
    const mask = masks.get(i) ?? new Float32Array(height * width);
    const { x, y } = record.mask;
    for (let row = y; row < y + record.mask.height; row++) mask.fill(1, row * width + x, row * width + x + record.mask.width);
    masks.set(i, mask);
  }
  const positions = Int32Array.from([...masks.keys()].sort((a, b) => a - b));
  const maps = new Float32Array(positions.length * height * width);
  positions.forEach((i, k) => maps.set(masks.get(i)!, k * height * width));
  return { maps, positions };
}
