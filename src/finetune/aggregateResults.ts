import { pairedDifference, type PairedDifference } from '../analysis/pairedDifference.js';
import type { FinetuneRunResult } from './FinetuneRunResult.js';
import { meanAndStd, type MeanStd } from '../analysis/meanAndStd.js';
import type { PredictionAgreement } from './predictionAgreement.js';

/** One line of the fine-tuning table: a strategy's figures over its seeds. */
export interface FinetuneTableRow {
  readonly strategy: string;
  readonly seeds: number;
  /** test accuracy as a fraction (0..1) */
  readonly testAccuracy: MeanStd;
  /**
   * test accuracy minus the reference strategy's (full->full, else the first), paired by seed, with its 95% t
   * interval; null on the reference's own row
   */
  readonly testVsReference: PairedDifference | null;
  /** per configured pair, its a -> b plus b -> a test confusions */
  readonly pairConfusions: { readonly pair: [number, number]; readonly confusions: MeanStd }[];
  /**
   * over the seeds the reference ran too, the share of test images predicted as the reference's model of the same
   * seed predicts them (src/finetune/predictionAgreement.ts); null without stored test predictions
   */
  readonly agreement: MeanStd | null;
}

/**
 * The paper's table: per strategy (in order of first appearance), mean and sample std (n - 1) across seeds of
 * the test accuracy and of each pair's confusion count, and the test accuracy's paired difference from the
 * reference strategy (the same seed gives every strategy the same data order, so seeds pair the runs), and the
 * mean and std over seeds of its prediction agreement with the reference (`agreement`, empty without predictions).
 */
export function aggregateResults(runs: readonly FinetuneRunResult[], reference: string, agreement: PredictionAgreement = new Map()): FinetuneTableRow[] {
  const byStrategy = new Map<string, FinetuneRunResult[]>();
  for (const run of runs) byStrategy.set(run.strategy, [...(byStrategy.get(run.strategy) ?? []), run]);
  const accuracies = (group: readonly FinetuneRunResult[]) => group.map((r) => ({ seed: r.seed, value: r.testAccuracy }));
  return [...byStrategy].map(([strategy, group]) => ({
    strategy,
    seeds: group.length,
    testAccuracy: meanAndStd(group.map((r) => r.testAccuracy)),
    testVsReference: strategy === reference ? null : pairedDifference(accuracies(group), accuracies(byStrategy.get(reference) ?? [])),
    pairConfusions: group[0].pairConfusions.map(({ pair }, i) => ({ pair, confusions: meanAndStd(group.map((r) => r.pairConfusions[i].count)) })),
    agreement: agreement.has(strategy) ? meanAndStd(agreement.get(strategy)!.map((a) => a.value)) : null,
  }));
}
