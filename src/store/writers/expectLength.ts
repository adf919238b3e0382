import { I2xError } from '../../util/I2xError.js';

/** Throws an E_STORE error naming `what` unless it has `expected` elements (`shape` says why, e.g. '[N, K]'). */
export function expectLength(what: string, actual: number, expected: number, shape: string): void {
  if (actual !== expected) {
    throw new I2xError('E_STORE', `${what} has ${actual} values, expected ${expected} (${shape}).`);
  }
}
