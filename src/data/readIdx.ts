import { I2xError } from '../util/I2xError.js';
import { readDataFile } from './readDataFile.js';

const UNSIGNED_BYTE = 0x08;

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Parses an IDX file of unsigned bytes (the format of MNIST and Fashion-MNIST), plain or gzipped.
 * `what` names the content for messages, e.g. 'images [N, H, W]'. Returns the header's dimensions and a
 * view (no copy) of the row-major data bytes; the file must hold exactly the bytes the header declares.
 */
export function readIdx(path: string, rank: number, what: string): { dims: number[]; data: Uint8Array } {
  const expectedMagic = (UNSIGNED_BYTE << 8) | rank;
  const expected = `an IDX file of ${what} (magic number ${hex(expectedMagic)}: unsigned bytes, ${rank} dimension(s))`;
  const bytes = readDataFile(path, expected);
  const headerLength = 4 + 4 * rank;
  if (bytes.length < 4) {
    throw new I2xError('E_DATA', `${path}: truncated: ${bytes.length} bytes, too short for a header; expected ${expected}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) {
    throw new I2xError('E_DATA', `${path}: wrong magic number ${hex(magic)}; expected ${expected}`);
  }
  if (bytes.length < headerLength) {
    throw new I2xError('E_DATA', `${path}: truncated inside the header (${bytes.length} of ${headerLength} bytes); expected ${expected}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d));
  const declared = dims.reduce((a, b) => a * b, 1);
  const present = bytes.length - headerLength;
  if (present < declared) {
    throw new I2xError(
      'E_DATA',
      `${path}: truncated: the header declares ${dims.join(' x ')} = ${declared} data bytes, the file has ${present}`,
    );
  }
  if (present > declared) {
    throw new I2xError(
      'E_DATA',
      `${path}: ${present - declared} unexpected bytes after the ${dims.join(' x ')} = ${declared} data bytes the header declares`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}
