import type { I2xStore } from '../store/I2xStore.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';
import type { PairSeparation } from './ReportData.js';

/**
 * Every class pair's separation score per transition, from `ridge_coefficients`, by the definition of
 * `structuredExplanation` (so it agrees with the explanation stage's explanation.json): per transition the
 * confidence-group fits (grp >= 0) take part, or the all-samples fit (grp -1) when a transition has no group
 * fit; S_t = max over those fits and prototypes of |beta[k, a] - beta[k, b]|.
 */
export async function queryPairSeparations(
  store: I2xStore,
  runId: string,
  transitions: number,
  separatedFraction: number,
): Promise<PairSeparation[]> {
  const rows = await queryRecords(
    store,
    `WITH coefficients AS (
       SELECT * FROM ridge_coefficients WHERE run_id = $1
     ), fits AS (
       SELECT c.* FROM coefficients c
       WHERE c.grp >= 0 OR NOT EXISTS (SELECT 1 FROM coefficients g WHERE g.transition = c.transition AND g.grp >= 0)
     ), differences AS (
       SELECT a.transition, a.grp, a.prototype, a.class AS class_a, b.class AS class_b, a.beta - b.beta AS d
       FROM fits a JOIN fits b ON a.transition = b.transition AND a.grp = b.grp AND a.prototype = b.prototype AND a.class < b.class
     )
     SELECT class_a, class_b, transition, max(abs(d)) AS score,
            arg_max(prototype, abs(d)) AS prototype, arg_max(d, abs(d)) AS d, arg_max(grp, abs(d)) AS grp
     FROM differences GROUP BY class_a, class_b, transition ORDER BY class_a, class_b, transition`,
    [runId],
  );
  const byPair = new Map<string, { pair: [number, number]; scores: number[]; drivers: PairSeparation['driver'][] }>();
  for (const row of rows) {
    const pair: [number, number] = [plainNumber(row.class_a)!, plainNumber(row.class_b)!];
    const key = pair.join(',');
    if (!byPair.has(key)) {
      byPair.set(key, { pair, scores: new Array<number>(transitions).fill(0), drivers: new Array(transitions).fill(null) });
    }
    const entry = byPair.get(key)!;
    const t = plainNumber(row.transition)!;
    entry.scores[t] = plainNumber(row.score) ?? 0;
    entry.drivers[t] = { prototype: plainNumber(row.prototype)!, difference: plainNumber(row.d)!, group: plainNumber(row.grp)! };
  }
  return [...byPair.values()].map(({ pair, scores, drivers }) => {
    const maxScore = scores.reduce((m, s) => Math.max(m, s), 0);
    const first = maxScore > 0 ? scores.findIndex((s) => s >= separatedFraction * maxScore) : -1;
    return {
      pair,
      scores,
      maxScore,
      firstSeparatedTransition: first >= 0 ? first : null,
      driver: first >= 0 ? drivers[first] : null,
    };
  });
}
