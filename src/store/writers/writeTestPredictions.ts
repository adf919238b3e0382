import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { argmaxRows } from '../../analysis/argmaxRows.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces the test predictions of one model of a run: `source` 'checkpoint' (`ref` its index) or 'finetune'
 * (`ref` 'strategy/seed'), for test samples 0..N-1 with their `labels`. Given `probabilities` (row-major [N, C]
 * softmax) it stores their argmax as `predicted` and the vector as `confidence`; given only `predicted` [N], the
 * confidence is NULL. Returns the rows written (N).
 */
export async function writeTestPredictions(
  store: I2xStore,
  runId: string,
  model: { source: 'checkpoint' | 'finetune'; ref: string },
  labels: Int32Array,
  outputs: { probabilities: Float32Array; classes: number } | { predicted: Int32Array },
): Promise<number> {
  const N = labels.length;
  let predicted: Int32Array;
  if ('predicted' in outputs) {
    expectLength('predicted', outputs.predicted.length, N, `[N] = [${N}]`);
    predicted = outputs.predicted;
  } else {
    const { probabilities, classes: C } = outputs;
    expectLength('probabilities', probabilities.length, N * C, `[N, C] = [${N}, ${C}]`);
    predicted = argmaxRows(probabilities, N, C);
  }
  const samples = Int32Array.from({ length: N }, (_, i) => i);
  return await store.replaceRows('test_predictions', runId, { source: model.source, ref: model.ref }, (target) =>
    target.appendColumns(N, {
      sample: column.ints(samples),
      label: column.ints(labels),
      predicted: column.ints(predicted),
      confidence: 'probabilities' in outputs ? column.floatLists(outputs.probabilities, outputs.classes) : column.values(new Array<undefined>(N).fill(undefined)),
    }),
  );
}
