import { gaussianWindow } from './ssim.js';

/**
 * Separable Gaussian blur of one [H, W, C] image (HWC order), edges clamped; the window spans 3 sigma each
 * side. Insertion (Petsiuk et al. 2018) starts from this image.
 */
export function gaussianBlur(image: Float32Array, height: number, width: number, channels: number, sigma: number): Float32Array {
  if (sigma <= 0) return image.slice();
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const g = gaussianWindow(2 * radius + 1, sigma);
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const rows = new Float32Array(image.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let k = -radius; k <= radius; k++) s += g[k + radius] * image[(y * width + clamp(x + k, width)) * channels + c];
        rows[(y * width + x) * channels + c] = s;
      }
  const out = new Float32Array(image.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let k = -radius; k <= radius; k++) s += g[k + radius] * rows[(clamp(y + k, height) * width + x) * channels + c];
        out[(y * width + x) * channels + c] = s;
      }
  return out;
}
