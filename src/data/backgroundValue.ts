import type { Dataset } from './Dataset.js';

/**
 * The dataset's background value, per channel: the most common raw pixel value (in [0, 1], before
 * normalisation) of the channel over every pixel of `dataset`; a tie goes to the smaller value. On MNIST and
 * Fashion-MNIST this is 0 (black); the mask curation (src/finetune/maskedSamples.ts) paints it over a cue.
 */
export function backgroundValue(dataset: Pick<Dataset, 'images' | 'channels'>): number[] {
  const { images, channels } = dataset;
  return Array.from({ length: channels }, (_, c) => {
    const counts = new Map<number, number>();
    for (let i = c; i < images.length; i += channels) counts.set(images[i], (counts.get(images[i]) ?? 0) + 1);
    let best = Number.NaN;
    let bestCount = 0;
    for (const [value, count] of counts) {
      if (count > bestCount || (count === bestCount && value < best)) {
        best = value;
        bestCount = count;
      }
    }
    return best;
  });
}
