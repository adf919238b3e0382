import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/** Per-sample quality figures of one saliency method's maps; each array has one value per sample. */
export interface SaliencyMetricColumns {
  readonly contrast: Float32Array;
  readonly blobs: Int32Array;
  readonly gini: Float32Array;
}

/** Replaces the saliency metrics of one method at one checkpoint of a run. Returns the rows written. */
export async function writeSaliencyMetrics(
  store: I2xStore,
  runId: string,
  method: string,
  checkpoint: number,
  samples: Int32Array,
  metrics: SaliencyMetricColumns,
): Promise<number> {
  for (const name of ['contrast', 'blobs', 'gini'] as const) {
    expectLength(`metrics.${name}`, metrics[name].length, samples.length, 'one value per sample');
  }
  return await store.replaceRows('saliency_metrics', runId, { method, checkpoint }, (target) =>
    target.appendColumns(samples.length, {
      sample: column.ints(samples),
      contrast: column.floats(metrics.contrast),
      blobs: column.ints(metrics.blobs),
      gini: column.floats(metrics.gini),
    }),
  );
}
