import { colormapColor, type ColormapName } from './colormap.js';
import type { RgbaImage } from './RgbaImage.js';
import { upsampleBilinear } from '../util/upsampleBilinear.js';

export interface OverlayHeatmapInput {
  /** [height * width] grey image in [0, 1] */
  readonly grey: Float32Array;
  readonly height: number;
  readonly width: number;
  /** [mapHeight * mapWidth] raw saliency, covering the whole image */
  readonly heatmap: ArrayLike<number>;
  readonly mapHeight: number;
  readonly mapWidth: number;
  /** The saliency values drawn as the colour map's two ends (values outside are clamped). */
  readonly range: { readonly min: number; readonly max: number };
  readonly colormap?: ColormapName;
  /** Weight of the heatmap colour in the blend, in [0, 1] (default 0.5). */
  readonly alpha?: number;
  /** Output pixels per image pixel (default 1). */
  readonly scale?: number;
}

/**
 * A saliency map over its image: the map is upsampled bilinearly (half-pixel centres) to the output size,
 * scaled to [0, 1] by `range`, coloured, and blended with the grey image (upscaled nearest-neighbour):
 * out = round((1 - alpha) * 255 * grey + alpha * colour), opaque.
 * A shared `range` across checkpoints keeps a sample's maps comparable.
 */
export function overlayHeatmap(input: OverlayHeatmapInput): RgbaImage {
  const { grey, height, width, heatmap, mapHeight, mapWidth, range, colormap = 'inferno', alpha = 0.5, scale = 1 } = input;
  const outHeight = height * scale;
  const outWidth = width * scale;
  const heat = upsampleBilinear(heatmap, mapHeight, mapWidth, outHeight, outWidth);
  const span = range.max - range.min;
  const data = new Uint8Array(outHeight * outWidth * 4);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const i = y * outWidth + x;
      const base = (1 - alpha) * 255 * Math.min(1, Math.max(0, grey[Math.floor(y / scale) * width + Math.floor(x / scale)]));
      const colour = colormapColor(colormap, span > 0 ? (heat[i] - range.min) / span : 0);
      data[i * 4] = Math.round(base + alpha * colour[0]);
      data[i * 4 + 1] = Math.round(base + alpha * colour[1]);
      data[i * 4 + 2] = Math.round(base + alpha * colour[2]);
      data[i * 4 + 3] = 255;
    }
  }
  return { width: outWidth, height: outHeight, data };
}
