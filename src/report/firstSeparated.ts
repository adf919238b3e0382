import type { PairSeparation } from './ReportData.js';

/** The pairs that were ever separated, earliest first transition first; ties by the larger score at that transition. */
export function firstSeparated(separations: readonly PairSeparation[]): PairSeparation[] {
  return separations
    .filter((s) => s.firstSeparatedTransition !== null)
    .sort((x, y) => x.firstSeparatedTransition! - y.firstSeparatedTransition! || y.scores[y.firstSeparatedTransition!] - x.scores[x.firstSeparatedTransition!]);
}
