import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/** Replaces the suspicion scores of a run's training samples, each method's `[N]` scores for samples 0..N-1. Returns the rows written. */
export async function writeSampleScores(store: I2xStore, runId: string, scores: ReadonlyMap<string, Float64Array>, samples: number): Promise<number> {
  const ids = Int32Array.from({ length: samples }, (_, i) => i);
  let rows = 0;
  for (const [method, score] of scores) {
    expectLength(`scores of ${method}`, score.length, samples, `[N] = [${samples}]`);
    rows += await store.replaceRows('sample_scores', runId, { method }, (target) => target.appendColumns(samples, { sample: column.ints(ids), score: column.floats(score) }));
  }
  return rows;
}
