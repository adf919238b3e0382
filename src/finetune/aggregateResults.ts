import type { FinetuneRunResult } from './FinetuneRunResult.js';
import { meanAndStd, type MeanStd } from './meanAndStd.js';

/** One line of the fine-tuning table: a strategy's figures over its seeds. */
export interface FinetuneTableRow {
  readonly strategy: string;
  readonly seeds: number;
  /** test accuracy as a fraction (0..1) */
  readonly testAccuracy: MeanStd;
  /** per configured pair, its a -> b plus b -> a test confusions */
  readonly pairConfusions: { readonly pair: [number, number]; readonly confusions: MeanStd }[];
}

/**
 * The paper's table: per strategy (in order of first appearance), mean and sample std (n - 1) across seeds of
 * the test accuracy and of each pair's confusion count.
 */
export function aggregateResults(runs: readonly FinetuneRunResult[]): FinetuneTableRow[] {
  const byStrategy = new Map<string, FinetuneRunResult[]>();
  for (const run of runs) byStrategy.set(run.strategy, [...(byStrategy.get(run.strategy) ?? []), run]);
  return [...byStrategy].map(([strategy, group]) => ({
    strategy,
    seeds: group.length,
    testAccuracy: meanAndStd(group.map((r) => r.testAccuracy)),
    pairConfusions: group[0].pairConfusions.map(({ pair }, i) => ({ pair, confusions: meanAndStd(group.map((r) => r.pairConfusions[i].count)) })),
  }));
}
