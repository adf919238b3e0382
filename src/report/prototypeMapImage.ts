import { prototypeColor } from './colormap.js';
import type { RgbaImage } from './RgbaImage.js';

export interface PrototypeMapInput {
  /** [height * width] grey image in [0, 1] */
  readonly grey: Float32Array;
  readonly height: number;
  readonly width: number;
  /** [mapHeight * mapWidth] prototype of each feature position */
  readonly assignments: ArrayLike<number>;
  readonly mapHeight: number;
  readonly mapWidth: number;
  /** Weight of the prototype colour in the blend (default 0.6). */
  readonly alpha?: number;
  /** Output pixels per image pixel (default 1). */
  readonly scale?: number;
}

/**
 * Prototype assignments over the image: every image pixel takes the colour of the prototype assigned to the
 * feature position whose receptive-field cell holds it (cell = image size / map size, nearest), blended with
 * the grey image: out = round((1 - alpha) * 255 * grey + alpha * prototypeColor).
 */
export function prototypeMapImage(input: PrototypeMapInput): RgbaImage {
  const { grey, height, width, assignments, mapHeight, mapWidth, alpha = 0.6, scale = 1 } = input;
  const outWidth = width * scale;
  const outHeight = height * scale;
  const data = new Uint8Array(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    const iy = Math.floor(y / scale);
    const row = Math.min(mapHeight - 1, Math.floor((iy * mapHeight) / height));
    for (let x = 0; x < outWidth; x++) {
      const ix = Math.floor(x / scale);
      const col = Math.min(mapWidth - 1, Math.floor((ix * mapWidth) / width));
      const colour = prototypeColor(assignments[row * mapWidth + col]);
      const base = (1 - alpha) * 255 * Math.min(1, Math.max(0, grey[iy * width + ix]));
      const target = (y * outWidth + x) * 4;
      for (let c = 0; c < 3; c++) data[target + c] = Math.round(base + alpha * colour[c]);
      data[target + 3] = 255;
    }
  }
  return { width: outWidth, height: outHeight, data };
}
