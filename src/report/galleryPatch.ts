import type { Rgb } from './colormap.js';
import type { RgbaImage } from './RgbaImage.js';
import type { SampleImage } from './SampleImage.js';

export interface GalleryPatchInput {
  readonly image: SampleImage;
  readonly mapHeight: number;
  readonly mapWidth: number;
  /** feature position (row, col) on the [mapHeight, mapWidth] map */
  readonly row: number;
  readonly col: number;
  /** cells of context on each side of the position's own cell (default 1: a 3 x 3-cell window) */
  readonly context?: number;
  /** output pixels per image pixel */
  readonly scale: number;
  /** outline colour of the position's own cell */
  readonly outline: Rgb;
}

/**
 * The image patch a feature position sees: its receptive-field cell (image size / map size, e.g. 4 x 4 px for
 * 28 px images and a 7 x 7 map) with `context` cells around it (12 x 12 px), in the image's own colours,
 * upscaled by `scale` (nearest), with the cell itself outlined. Pixels beyond the image's edge are black.
 */
export function galleryPatch(input: GalleryPatchInput): RgbaImage {
  const { image, mapHeight, mapWidth, row, col, context = 1, scale, outline } = input;
  const cellHeight = image.height / mapHeight;
  const cellWidth = image.width / mapWidth;
  const top = Math.round((row - context) * cellHeight);
  const left = Math.round((col - context) * cellWidth);
  const bottom = Math.round((row + 1 + context) * cellHeight);
  const right = Math.round((col + 1 + context) * cellWidth);
  const cell = {
    top: (Math.round(row * cellHeight) - top) * scale,
    left: (Math.round(col * cellWidth) - left) * scale,
    bottom: (Math.round((row + 1) * cellHeight) - top) * scale,
    right: (Math.round((col + 1) * cellWidth) - left) * scale,
  };
  const border = Math.max(1, Math.floor(scale / 4));
  const outWidth = (right - left) * scale;
  const outHeight = (bottom - top) * scale;
  const data = new Uint8Array(outWidth * outHeight * 4);
  const { height, width, channels, pixels } = image;
  for (let y = 0; y < outHeight; y++) {
    const iy = top + Math.floor(y / scale);
    for (let x = 0; x < outWidth; x++) {
      const ix = left + Math.floor(x / scale);
      const target = (y * outWidth + x) * 4;
      data[target + 3] = 255;
      const inCell = y >= cell.top && y < cell.bottom && x >= cell.left && x < cell.right;
      const onOutline = inCell && (y < cell.top + border || y >= cell.bottom - border || x < cell.left + border || x >= cell.right - border);
      if (onOutline) {
        data.set(outline, target);
      } else if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
        const source = (iy * width + ix) * channels;
        for (let c = 0; c < 3; c++) {
          data[target + c] = Math.round(255 * Math.min(1, Math.max(0, pixels[source + (channels >= 3 ? c : 0)])));
        }
      }
    }
  }
  return { width: outWidth, height: outHeight, data };
}
