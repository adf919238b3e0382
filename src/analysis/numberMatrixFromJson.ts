import { I2xError } from '../util/I2xError.js';

/**
 * Reads `record[key]` as a finite number matrix `[rows, cols]` (an array of `rows` arrays of `cols`
 * numbers, as `toJSON` writes it) into a flat row-major Float64Array. A 1-D field passes `rows = 1` and
 * `flat = true`. Throws E_ANALYSIS naming the key and the expected shape.
 */
export function numberMatrixFromJson(
  record: Record<string, unknown>,
  key: string,
  rows: number,
  cols: number,
  flat = false,
): Float64Array {
  const value = record[key];
  const bad = (): never => {
    const shape = flat ? `${cols} finite numbers` : `${rows} arrays of ${cols} finite numbers`;
    throw new I2xError('E_ANALYSIS', `load: field '${key}' is not accepted; expected ${shape}`);
  };
  const lines = flat ? [value] : value;
  if (!Array.isArray(lines) || lines.length !== rows) bad();
  const out = new Float64Array(rows * cols);
  (lines as unknown[]).forEach((line, r) => {
    if (!Array.isArray(line) || line.length !== cols) bad();
    (line as unknown[]).forEach((v, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad();
      out[r * cols + c] = v as number;
    });
  });
  return out;
}
