import type { Dataset } from '../data/Dataset.js';
import { I2xError } from '../util/I2xError.js';

/**
 * The input pixels of feature-map cell `cell` along one axis: [start, end) with start = floor(cell * size /
 * cells), end = floor((cell + 1) * size / cells). The blocks tile the axis exactly (every pixel in one cell);
 * when `cells` does not divide `size` they differ in length by at most one (e.g. 28 pixels over 3 cells: 0-8,
 * 9-17, 18-27).
 */
export function cellPixels(cell: number, cells: number, size: number): [number, number] {
  return [Math.floor((cell * size) / cells), Math.floor(((cell + 1) * size) / cells)];
}

export interface MaskedSamplesInput {
  readonly source: Dataset;
  /** [N, height, width] uint8 at the feature-map resolution: 1 = set this cell's input pixels to the background */
  readonly cells: Uint8Array;
  readonly featureShape: { readonly height: number; readonly width: number };
  /** per channel, in raw pixel units ([0, 1], before normalisation; src/data/backgroundValue.ts) */
  readonly background: readonly number[];
}

/**
 * A copy of `source` with every masked cell's block of pixels (cellPixels) set to the background value in every
 * channel; labels, order and sourceIndex unchanged, samples without a masked cell bit-identical. The mask is
 * applied to the raw pixels, so normalisation later treats a masked pixel as it treats a background one.
 */
export function maskedSamples(input: MaskedSamplesInput): Dataset {
  const images = input.source.images.slice();
  forEachMaskedValue(input, (i, value) => (images[i] = value));
  return { ...input.source, images };
}

/**
 * How many pixel values (pixels x channels) masking changes: those of masked cells not already at the background
 * value. A mask over blank cells changes nothing, so this tells how much of the image two masks of as many cells
 * really hide.
 */
export function maskChangedValues(input: MaskedSamplesInput): number {
  const { images } = input.source;
  let changed = 0;
  forEachMaskedValue(input, (i, value) => (changed += images[i] === Math.fround(value) ? 0 : 1));
  return changed;
}

/** Calls `visit(index into images, background value)` for every value of every masked cell's pixels. */
function forEachMaskedValue({ source, cells, featureShape, background }: MaskedSamplesInput, visit: (index: number, value: number) => void): void {
  const { count: N, height: H, width: W, channels: C } = source;
  const { height: h, width: w } = featureShape;
  if (cells.length !== N * h * w) {
    throw new I2xError('E_FINETUNE', `the masked cells hold ${cells.length} flags; expected [N, h, w] = [${N}, ${h}, ${w}] for ${source.name}/${source.split}. Re-run the curation stage.`);
  }
  if (background.length !== C || h > H || w > W) {
    throw new I2xError('E_FINETUNE', `cannot mask ${source.name}: background has ${background.length} channels and the cells are ${h}x${w}, but the images are ${H}x${W} with ${C} channels. Re-run the curation stage.`);
  }
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        if (!cells[(n * h + i) * w + j]) continue;
        const [y0, y1] = cellPixels(i, h, H);
        const [x0, x1] = cellPixels(j, w, W);
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < C; c++) visit(((n * H + y) * W + x) * C + c, background[c]);
      }
    }
  }
}
