import type { I2xStore } from '../store/I2xStore.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';
import type { ChosenSample, ClassPair } from './ReportData.js';

/**
 * The samples whose saliency the report shows, `count` in all: first, for each of `pairs`, samples of its two
 * classes (alternating) that the model predicted as the other class at the most checkpoints (lowest id on
 * ties), up to half of `count`; then the lowest-id sample of each class not shown yet; then further samples
 * by id. Each comes with its prediction and true-class confidence per checkpoint.
 */
export async function queryChosenSamples(
  store: I2xStore,
  runId: string,
  pairs: readonly ClassPair[],
  count: number,
): Promise<ChosenSample[]> {
  const chosen = new Map<number, Pick<ChosenSample, 'label' | 'reason'>>();
  const pairBudget = Math.ceil(count / 2);
  for (const [pairIndex, [a, b]] of pairs.entries()) {
    const budget = Math.floor(pairBudget / pairs.length) + (pairIndex < pairBudget % pairs.length ? 1 : 0);
    const confused = await queryRecords(
      store,
      `SELECT s.sample, s.label, count(*) AS confused
       FROM samples s JOIN predictions p ON p.run_id = s.run_id AND p.sample = s.sample
       WHERE s.run_id = $1 AND ((s.label = $2 AND p.predicted = $3) OR (s.label = $3 AND p.predicted = $2))
       GROUP BY s.sample, s.label ORDER BY confused DESC, s.sample`,
      [runId, a, b],
    );
    const queues = [a, b].map((c) => confused.filter((row) => plainNumber(row.label) === c));
    for (let i = 0, taken = 0; taken < budget && (queues[0].length > 0 || queues[1].length > 0); i++) {
      const row = queues[i % 2].shift();
      if (!row) continue;
      const sample = plainNumber(row.sample)!;
      if (chosen.has(sample)) continue;
      const label = plainNumber(row.label)!;
      chosen.set(sample, { label, reason: { kind: 'confused', other: label === a ? b : a, checkpoints: plainNumber(row.confused)! } });
      taken++;
    }
  }
  const byId = await queryRecords(
    store,
    `SELECT sample, label, row_number() OVER (PARTITION BY label ORDER BY sample) AS rank_in_class
     FROM samples WHERE run_id = $1 ORDER BY rank_in_class, label, sample LIMIT $2`,
    [runId, count * 2 + 64],
  );
  for (const row of byId) {
    if (chosen.size >= count) break;
    const sample = plainNumber(row.sample)!;
    if (chosen.has(sample)) continue;
    const label = plainNumber(row.label)!;
    const first = plainNumber(row.rank_in_class) === 1;
    if (first && [...chosen.values()].some((c) => c.label === label)) continue;
    chosen.set(sample, { label, reason: { kind: 'example', first } });
  }
  if (chosen.size === 0) return [];
  const ids = [...chosen.keys()];
  const predictions = await queryRecords(
    store,
    `SELECT p.sample, p.checkpoint, p.predicted, p.confidence[s.label + 1] AS confidence
     FROM predictions p JOIN samples s ON s.run_id = p.run_id AND s.sample = p.sample
     WHERE p.run_id = $1 AND p.sample IN (${ids.join(', ')}) ORDER BY p.sample, p.checkpoint`,
    [runId],
  );
  return ids.map((sample) => ({
    sample,
    ...chosen.get(sample)!,
    predictions: predictions
      .filter((row) => plainNumber(row.sample) === sample)
      .map((row) => ({ checkpoint: plainNumber(row.checkpoint)!, predicted: plainNumber(row.predicted)!, confidence: plainNumber(row.confidence)! })),
  }));
}
