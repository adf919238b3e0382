import { upsampleBilinear } from '../../util/upsampleBilinear.js';

/**
 * [N, h, w] maps (a feature layer's resolution) bilinearly upsampled to [N, outHeight, outWidth] (the input's),
 * half-pixel centres as the report's overlays: the removal metrics order input pixels by these values.
 */
export function mapsAtInputResolution(maps: Float32Array, shape: { n: number; height: number; width: number }, outHeight: number, outWidth: number): Float32Array {
  const { n, height, width } = shape;
  if (maps.length !== n * height * width) throw new RangeError(`mapsAtInputResolution: ${maps.length} values, expected ${n}x${height}x${width}.`);
  if (height === outHeight && width === outWidth) return maps.slice();
  const pixels = height * width;
  const out = new Float32Array(n * outHeight * outWidth);
  for (let i = 0; i < n; i++) out.set(upsampleBilinear(maps.subarray(i * pixels, (i + 1) * pixels), height, width, outHeight, outWidth), i * outHeight * outWidth);
  return out;
}
