import type { Rgb } from './colormap.js';
import type { RgbaImage } from './RgbaImage.js';

/** A box of whole image pixels: columns x .. x + width - 1, rows y .. y + height - 1. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A copy of `image` (drawn at `scale` output pixels per image pixel) with each box outlined by a 1-pixel line
 * of `colour` on its own border: output rows y * scale and (y + height) * scale - 1, columns x * scale and
 * (x + width) * scale - 1, so the line lies on the box's edge pixels and never outside the box. Boxes are
 * clipped to the image.
 */
export function outlineBoxes(image: RgbaImage, boxes: readonly PixelBox[], scale: number, colour: Rgb): RgbaImage {
  const data = image.data.slice();
  const paint = (x: number, y: number): void => {
    const target = (y * image.width + x) * 4;
    data.set(colour, target);
    data[target + 3] = 255;
  };
  for (const box of boxes) {
    const left = Math.max(0, box.x * scale);
    const top = Math.max(0, box.y * scale);
    const right = Math.min(image.width, (box.x + box.width) * scale) - 1;
    const bottom = Math.min(image.height, (box.y + box.height) * scale) - 1;
    if (right < left || bottom < top) continue;
    for (let x = left; x <= right; x++) {
      paint(x, top);
      paint(x, bottom);
    }
    for (let y = top; y <= bottom; y++) {
      paint(left, y);
      paint(right, y);
    }
  }
  return { width: image.width, height: image.height, data };
}
