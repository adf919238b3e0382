import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces the prototype intensities of one checkpoint of a run: `intensities` is row-major [N, K] for the
 * N `samples` and K prototypes; NaN (the prototype is absent from the sample) is stored as NULL.
 * Returns the rows written (N * K).
 */
export async function writePrototypeIntensity(
  store: I2xStore,
  runId: string,
  checkpoint: number,
  samples: Int32Array,
  intensities: Float32Array,
  K: number,
): Promise<number> {
  expectLength('intensities', intensities.length, samples.length * K, `[N, K] = [${samples.length}, ${K}]`);
  return await store.replaceRows('prototype_intensity', runId, { checkpoint }, (target) =>
    target.appendColumns(samples.length * K, {
      sample: column.repeatEach(samples, K),
      prototype: column.cycle(K),
      intensity: column.floats(intensities),
    }),
  );
}
