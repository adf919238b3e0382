import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
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
  const predicted = new Int32Array(samples.length);
  for (let n = 0; n < samples.length; n++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (probabilities[n * C + c] > probabilities[n * C + best]) best = c;
    predicted[n] = best;
  }
  return await store.replaceRows('predictions', runId, { checkpoint }, (target) =>
    target.appendColumns(samples.length, {
      sample: column.ints(samples),
      predicted: column.ints(predicted),
      confidence: column.floatLists(probabilities, C),
    }),
  );
}
