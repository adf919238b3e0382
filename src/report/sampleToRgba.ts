import type { RgbaImage } from './RgbaImage.js';
import type { SampleImage } from './SampleImage.js';

/** The image in its own colours (grey images as grey), each pixel drawn as a `scale` x `scale` block. */
export function sampleToRgba(image: SampleImage, scale = 1): RgbaImage {
  const { height, width, channels, pixels } = image;
  const outWidth = width * scale;
  const data = new Uint8Array(height * scale * outWidth * 4);
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < outWidth; x++) {
      const source = (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
      const target = (y * outWidth + x) * 4;
      for (let c = 0; c < 3; c++) data[target + c] = toByte(pixels[source + (channels >= 3 ? c : 0)]);
      data[target + 3] = 255;
    }
  }
  return { width: outWidth, height: height * scale, data };
}

/** [0, 1] -> 0..255, clamped (a Uint8Array would wrap out-of-range values around). */
function toByte(value: number): number {
  return Math.round(255 * Math.min(1, Math.max(0, value)));
}
