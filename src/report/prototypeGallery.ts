import { prototypeColor } from './colormap.js';
import { galleryPatch } from './galleryPatch.js';
import type { RgbaImage } from './RgbaImage.js';
import type { SampleImage } from './SampleImage.js';

export interface GalleryItem {
  readonly sample: number;
  /** the prototype's intensity in this sample at the final checkpoint (from the store) */
  readonly intensity: number;
  /** the feature position shown: the one of this prototype with the highest final saliency in the sample */
  readonly row: number;
  readonly col: number;
  readonly patch: RgbaImage;
}

export interface PrototypeGalleryInput {
  readonly prototype: number;
  /** samples ranked by the prototype's final intensity, strongest first */
  readonly ranked: readonly { readonly sample: number; readonly intensity: number }[];
  readonly imageOf: (sample: number) => SampleImage;
  /** [N, mapHeight * mapWidth] saliency at the final checkpoint */
  readonly saliency: ArrayLike<number>;
  /** [N, mapHeight * mapWidth] prototype of each position */
  readonly assignments: ArrayLike<number>;
  readonly mapHeight: number;
  readonly mapWidth: number;
  readonly scale: number;
}

/**
 * The "reference images" of one prototype (as in concept relevance propagation): for each of the samples
 * where it is strongest, the patch around its strongest position, so a person can name what it looks like.
 * A sample where the prototype has no position is skipped.
 */
export function prototypeGallery(input: PrototypeGalleryInput): GalleryItem[] {
  const { prototype, ranked, imageOf, saliency, assignments, mapHeight, mapWidth, scale } = input;
  const positions = mapHeight * mapWidth;
  const items: GalleryItem[] = [];
  for (const { sample, intensity } of ranked) {
    let best = -1;
    for (let p = 0; p < positions; p++) {
      const i = sample * positions + p;
      if (assignments[i] === prototype && (best < 0 || saliency[i] > saliency[sample * positions + best])) best = p;
    }
    if (best < 0) continue;
    const row = Math.floor(best / mapWidth);
    const col = best % mapWidth;
    const patch = galleryPatch({ image: imageOf(sample), mapHeight, mapWidth, row, col, scale, outline: prototypeColor(prototype) });
    items.push({ sample, intensity, row, col, patch });
  }
  return items;
}
