import { I2xError } from '../util/I2xError.js';

/** Checks that `images` holds exactly `shape` = [N, H, W, C] values; returns N. */
export function assertImageBatch(images: Float32Array, shape: readonly number[], what: string): number {
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new I2xError('E_DATA', `${what}: shape [${shape}] is not accepted; expected [N, H, W, C] of non-negative integers.`);
  }
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  if (images.length !== size) {
    throw new I2xError('E_DATA', `${what}: images hold ${images.length} values, but shape [${shape}] needs ${size}.`);
  }
  return shape[0];
}
