import { I2xError } from '../util/I2xError.js';
import type { RidgeOptions, RidgeResult } from './RidgeOptions.js';

/**
 * The rows `ridge` fits on: those the mask keeps, minus rows holding NaN in X under 'drop-rows'. Counts
 * the NaN cells and rows among the masked-in rows; throws E_ANALYSIS naming the row when Y is not finite,
 * when X holds ±Infinity, or when X holds NaN and no `missing` mode was chosen.
 */
export function ridgeRowsUsed(
  X: Float32Array | Float64Array,
  rows: number,
  p: number,
  Y: Float32Array | Float64Array,
  q: number,
  mode: RidgeOptions['missing'],
  mask: RidgeOptions['mask'],
): { rows: number[]; missing: RidgeResult['missing'] } {
  const kept: number[] = [];
  let cells = 0;
  let rowsWithNaN = 0;
  for (let r = 0; r < rows; r++) {
    if (mask && !mask[r]) continue;
    let nan = 0;
    for (let j = 0; j < p; j++) {
      const v = X[r * p + j];
      if (Number.isNaN(v)) nan++;
      else if (!Number.isFinite(v)) {
        throw new I2xError('E_ANALYSIS', `ridge: X row ${r}, column ${j} is ${v}; accepted: finite numbers or NaN (missing)`);
      }
    }
    for (let k = 0; k < q; k++) {
      if (!Number.isFinite(Y[r * q + k])) {
        throw new I2xError('E_ANALYSIS', `ridge: Y row ${r}, column ${k} is ${Y[r * q + k]}; only finite values are accepted`);
      }
    }
    if (nan > 0) {
      if (mode === undefined) {
        throw new I2xError(
          'E_ANALYSIS',
          `ridge: X row ${r} holds NaN; choose missing: 'zero' (absent = no change) or 'drop-rows'`,
        );
      }
      cells += nan;
      rowsWithNaN++;
      if (mode === 'drop-rows') continue;
    }
    kept.push(r);
  }
  return { rows: kept, missing: { mode: mode ?? 'none', cells, rows: rowsWithNaN } };
}
