import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { argmaxRows } from '../../analysis/argmaxRows.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces the predictions of one checkpoint of a run: `probabilities` is the row-major [N, C] softmax output
 * for the N `samples`. Stores the argmax as `predicted` and the vector as `confidence` FLOAT[].
 * Returns the rows written (N).
 */
export async function writePredictions(
  store: I2xStore,
  runId: string,
  checkpoint: number,
  samples: Int32Array,
  probabilities: Float32Array,
  C: number,
): Promise<number> {
  expectLength('probabilities', probabilities.length, samples.length * C, `[N, C] = [${samples.length}, ${C}]`);
  const predicted = argmaxRows(probabilities, samples.length, C);
  return await store.replaceRows('predictions', runId, { checkpoint }, (target) =>
    target.appendColumns(samples.length, {
      sample: column.ints(samples),
      predicted: column.ints(predicted),
      confidence: column.floatLists(probabilities, C),
    }),
  );
}
