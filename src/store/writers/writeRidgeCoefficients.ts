import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces the ridge coefficients of all groups of one transition of a run: `betas` is row-major [G, K, C],
 * the coefficient of prototype k for class c in group `groups[g]`. Returns the rows written (G * K * C).
 */
export async function writeRidgeCoefficients(
  store: I2xStore,
  runId: string,
  transition: number,
  groups: Int32Array,
  betas: Float64Array | Float32Array,
  K: number,
  C: number,
): Promise<number> {
  const G = groups.length;
  expectLength('betas', betas.length, G * K * C, `[G, K, C] = [${G}, ${K}, ${C}]`);
  const prototypes = Int32Array.from({ length: G * K }, (_, i) => i % K);
  return await store.replaceRows('ridge_coefficients', runId, { transition }, (target) =>
    target.appendColumns(G * K * C, {
      grp: column.repeatEach(groups, K * C),
      prototype: column.repeatEach(prototypes, C),
      class: column.cycle(C),
      beta: column.floats(betas),
    }),
  );
}
