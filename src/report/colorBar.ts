import { colormapColor, type ColormapName } from './colormap.js';
import type { RgbaImage } from './RgbaImage.js';

/**
 * A vertical colour bar: the top row is the colour map's high end (t = 1), the bottom row its low end (t = 0),
 * linear in between. The page prints the values of the two ends beside it.
 */
export function colorBar(colormap: ColormapName, width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const colour = colormapColor(colormap, height > 1 ? 1 - y / (height - 1) : 1);
    for (let x = 0; x < width; x++) {
      data.set([colour[0], colour[1], colour[2], 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}
