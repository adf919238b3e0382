import { I2xError } from '../util/I2xError.js';

/**
 * Checks that a flat row-major matrix really is `[rows, cols]`: both positive integers (rows may be 0 only
 * when `allowEmpty`) and `data.length === rows * cols`. `name` is the argument's name in the message.
 */
export function assertMatrixShape(
  name: string,
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  allowEmpty = false,
): void {
  const minRows = allowEmpty ? 0 : 1;
  if (!Number.isInteger(rows) || rows < minRows) {
    throw new I2xError('E_ANALYSIS', `${name}: rows = ${rows} is not accepted; expected an integer >= ${minRows}`);
  }
  if (!Number.isInteger(cols) || cols < 1) {
    throw new I2xError('E_ANALYSIS', `${name}: cols = ${cols} is not accepted; expected an integer >= 1`);
  }
  if (data.length !== rows * cols) {
    throw new I2xError(
      'E_ANALYSIS',
      `${name}: length ${data.length} does not match [rows=${rows}, cols=${cols}]; expected length ${rows * cols}`,
    );
  }
}
