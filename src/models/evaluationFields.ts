import type { CheckpointMeta } from './CheckpointMeta.js';
import type { Evaluation } from './evaluateModel.js';

/** The validation / test fields of a checkpoint's meta.json from its evaluations (null where a set is absent). */
export function evaluationFields(
  val: Evaluation | null | undefined,
  test: Evaluation | null | undefined,
): Pick<CheckpointMeta, 'valLoss' | 'valAccuracy' | 'testLoss' | 'testAccuracy' | 'testConfusion'> {
  return {
    valLoss: val?.loss ?? null,
    valAccuracy: val?.accuracy ?? null,
    testLoss: test?.loss ?? null,
    testAccuracy: test?.accuracy ?? null,
    testConfusion: test?.confusion ?? null,
  };
}
