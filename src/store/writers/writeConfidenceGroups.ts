import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces the HDBSCAN groups of one transition (checkpoint t -> t + 1) of a run: `groups[i]` is the group of
 * `samples[i]`, -1 for noise. Returns the rows written.
 */
export async function writeConfidenceGroups(
  store: I2xStore,
  runId: string,
  transition: number,
  samples: Int32Array,
  groups: Int32Array,
): Promise<number> {
  expectLength('groups', groups.length, samples.length, 'one group per sample');
  return await store.replaceRows('confidence_groups', runId, { transition }, (target) =>
    target.appendColumns(samples.length, { sample: column.ints(samples), grp: column.ints(groups) }),
  );
}
