/**
 * Bilinear resize of a [h, w] map to [outHeight, outWidth] with half-pixel centres (as
 * `tf.image.resizeBilinear(..., halfPixelCenters = true)`): output pixel (y, x) samples the map at
 * ((y + 0.5) * h / outHeight - 0.5, (x + 0.5) * w / outWidth - 0.5), clamped to the map's edge.
 */
export function upsampleBilinear(map: ArrayLike<number>, h: number, w: number, outHeight: number, outWidth: number): Float32Array {
  const out = new Float32Array(outHeight * outWidth);
  for (let y = 0; y < outHeight; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / outHeight - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outWidth; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / outWidth - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[y * outWidth + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
