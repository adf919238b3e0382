import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces the samples of one split ('train', 'val', 'test', ...) of a run: sample ids (unique within the run),
 * their labels and their index in the source dataset. Returns the rows written.
 */
export async function writeSamples(
  store: I2xStore,
  runId: string,
  split: string,
  samples: Int32Array,
  labels: Int32Array,
  sourceIndex: Int32Array,
): Promise<number> {
  expectLength('labels', labels.length, samples.length, 'one label per sample');
  expectLength('sourceIndex', sourceIndex.length, samples.length, 'one source index per sample');
  return await store.replaceRows('samples', runId, { split }, (target) =>
    target.appendColumns(samples.length, {
      sample: column.ints(samples),
      label: column.ints(labels),
      source_index: column.ints(sourceIndex),
    }),
  );
}
