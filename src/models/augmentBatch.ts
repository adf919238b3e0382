import type { Batch } from '../data/Batch.js';
import type { SeededRandom } from '../util/SeededRandom.js';

/** CIFAR's standard augmentation: 4 pixels of padding around the image, then a random crop of its size. */
const PADDING = 4;

/**
 * Random crop with padding and random horizontal flip of every image of a normalised batch, as
 * torchvision's RandomCrop(size, padding=4) + RandomHorizontalFlip(). `fill` is the normalised value of a
 * black pixel per channel (-mean/std), which is what zero padding before normalisation gives. Draws three
 * numbers per image from `rng`, in batch order. Returns a new batch; labels are shared.
 */
export function augmentBatch(batch: Batch, fill: readonly number[], rng: SeededRandom): Batch {
  const [count, height, width, channels] = batch.shape;
  const size = height * width * channels;
  const images = new Float32Array(batch.images.length);
  for (let n = 0; n < count; n++) {
    const dy = rng.int(2 * PADDING + 1) - PADDING;
    const dx = rng.int(2 * PADDING + 1) - PADDING;
    const flip = rng.next() < 0.5;
    const base = n * size;
    for (let y = 0; y < height; y++) {
      const sy = y + dy;
      for (let x = 0; x < width; x++) {
        const sx = (flip ? width - 1 - x : x) + dx;
        const to = base + (y * width + x) * channels;
        if (sy < 0 || sy >= height || sx < 0 || sx >= width) {
          for (let c = 0; c < channels; c++) images[to + c] = fill[c];
        } else {
          const from = base + (sy * width + sx) * channels;
          for (let c = 0; c < channels; c++) images[to + c] = batch.images[from + c];
        }
      }
    }
  }
  return { images, labels: batch.labels, shape: batch.shape };
}
