import { PNG } from 'pngjs';
import { atomicWrite } from '../util/atomicWrite.js';
import { I2xError } from '../util/I2xError.js';
import type { RgbaImage } from './RgbaImage.js';

/** Encodes `image` as an 8-bit RGBA PNG at `path`, atomically (temp file, then rename). */
export function writePng(path: string, image: RgbaImage): void {
  const { width, height, data } = image;
  if (!(width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new I2xError('E_REPORT', `${path}: a ${width} x ${height} RGBA image needs ${width * height * 4} bytes, got ${data.length}`);
  }
  const png = new PNG({ width, height, colorType: 6, inputColorType: 6, bitDepth: 8, inputHasAlpha: true });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // one filter (Paeth) for every row: pngjs's adaptive choice tries all five per row in JavaScript, the report's slowest part after its plots
  atomicWrite(path, PNG.sync.write(png, { colorType: 6, inputColorType: 6, inputHasAlpha: true, filterType: 4 }));
}
