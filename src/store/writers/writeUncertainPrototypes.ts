import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';
import { toJsonText } from '../toJsonText.js';

/** A prototype whose ridge coefficient for a class pair changes sign across transitions. */
export interface UncertainPrototypeRecord {
  readonly prototype: number;
  readonly classA: number;
  readonly classB: number;
  readonly signChanges: number;
  readonly maxMagnitude: number;
  /** The coefficients and transitions behind the verdict; stored as JSON. */
  readonly evidence?: unknown;
}

/** Replaces all uncertain prototypes of a run. Returns the rows written. */
export async function writeUncertainPrototypes(
  store: I2xStore,
  runId: string,
  records: readonly UncertainPrototypeRecord[],
): Promise<number> {
  return await store.replaceRows('uncertain_prototypes', runId, {}, (target) =>
    target.appendColumns(
      records.length,
      recordColumns(records, {
        prototype: (u) => u.prototype,
        class_a: (u) => u.classA,
        class_b: (u) => u.classB,
        sign_changes: (u) => u.signChanges,
        max_magnitude: (u) => u.maxMagnitude,
        evidence_json: (u) => toJsonText(u.evidence),
      }),
    ),
  );
}
