import type { I2xStore } from '../I2xStore.js';
import { column } from '../column.js';
import { expectLength } from './expectLength.js';

/**
 * Replaces one confusion matrix of a run: `counts` is row-major [C, C], true class by predicted class.
 * `source` says what was evaluated ('checkpoint' or 'finetune'), `checkpointOrStrategy` which one, and `seed`
 * the fine-tuning seed (null for a checkpoint). All C * C cells are stored, zeros included.
 */
export async function writeConfusions(
  store: I2xStore,
  runId: string,
  source: string,
  checkpointOrStrategy: string,
  seed: number | null,
  counts: Int32Array,
  C: number,
): Promise<number> {
  expectLength('counts', counts.length, C * C, `[C, C] = [${C}, ${C}]`);
  return await store.replaceRows(
    'confusions',
    runId,
    { source, checkpoint_or_strategy: checkpointOrStrategy, seed },
    (target) =>
      target.appendColumns(C * C, {
        true_class: column.repeatEach(Int32Array.from({ length: C }, (_, c) => c), C),
        predicted_class: column.cycle(C),
        count: column.ints(counts),
      }),
  );
}
