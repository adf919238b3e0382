import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces a run's prototype areas: `areas` is row-major [N, K], the number of feature-map positions of each
 * of the N `samples` assigned to each of the K prototypes. Only areas > 0 are stored (a missing row means 0).
 * Returns the rows written.
 */
export async function writePrototypeAreas(
  store: I2xStore,
  runId: string,
  samples: Int32Array,
  areas: Int32Array,
  K: number,
): Promise<number> {
  expectLength('areas', areas.length, samples.length * K, `[N, K] = [${samples.length}, ${K}]`);
  const nonZero: number[] = [];
  for (let i = 0; i < areas.length; i++) if (areas[i] !== 0) nonZero.push(i);
  const sample = Int32Array.from(nonZero, (i) => samples[Math.floor(i / K)]);
  const prototype = Int32Array.from(nonZero, (i) => i % K);
  const area = Int32Array.from(nonZero, (i) => areas[i]);
  return await store.replaceRows('prototype_areas', runId, {}, (target) =>
    target.appendColumns(nonZero.length, {
      sample: column.ints(sample),
      prototype: column.ints(prototype),
      area: column.ints(area),
    }),
  );
}
