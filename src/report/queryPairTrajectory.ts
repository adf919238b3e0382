import type { I2xStore } from '../store/I2xStore.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';
import type { ClassPair, PairTrajectory } from './ReportData.js';

/**
 * One class pair over training: the all-samples ridge coefficients (group -1) of both classes for every
 * prototype and transition, and the test confusions between the two classes at every checkpoint.
 */
export async function queryPairTrajectory(store: I2xStore, runId: string, pair: ClassPair, reason: PairTrajectory['reason']): Promise<PairTrajectory> {
  const [a, b] = pair;
  const betas = (
    await queryRecords(
      store,
      `SELECT x.transition, x.prototype, x.beta AS beta_a, y.beta AS beta_b
       FROM ridge_coefficients x JOIN ridge_coefficients y
         ON y.run_id = x.run_id AND y.transition = x.transition AND y.grp = x.grp AND y.prototype = x.prototype
       WHERE x.run_id = $1 AND x.grp = -1 AND x.class = $2 AND y.class = $3 ORDER BY x.transition, x.prototype`,
      [runId, a, b],
    )
  ).map((r) => ({ transition: plainNumber(r.transition)!, prototype: plainNumber(r.prototype)!, betaA: plainNumber(r.beta_a)!, betaB: plainNumber(r.beta_b)! }));
  const confusions = (
    await queryRecords(
      store,
      `SELECT TRY_CAST(checkpoint_or_strategy AS INTEGER) AS checkpoint,
              sum(count) FILTER (WHERE true_class = $2 AND predicted_class = $3) AS a_as_b,
              sum(count) FILTER (WHERE true_class = $3 AND predicted_class = $2) AS b_as_a
       FROM confusions WHERE run_id = $1 AND source = 'checkpoint' GROUP BY ALL ORDER BY checkpoint`,
      [runId, a, b],
    )
  ).map((r) => ({ checkpoint: plainNumber(r.checkpoint)!, aAsB: plainNumber(r.a_as_b) ?? 0, bAsA: plainNumber(r.b_as_a) ?? 0 }));
  return { pair, reason, betas, confusions };
}
