import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { I2xError } from '../util/I2xError.js';

/**
 * Reads a whole data file, gunzipping it when it starts with the gzip magic bytes (whatever its name).
 * `expected` describes the file for error messages, e.g. 'an IDX file of labels [N]'.
 */
export function readDataFile(path: string, expected: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`;
    throw new I2xError('E_DATA', `${path}: ${problem}; expected ${expected}`, { cause: err });
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (err) {
      throw new I2xError(
        'E_DATA',
        `${path}: gzip data is corrupt or truncated (${(err as Error).message}); expected ${expected}`,
        { cause: err },
      );
    }
  }
  return raw;
}
