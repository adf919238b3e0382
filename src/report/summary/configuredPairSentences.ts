import { formatNumber } from '../formatNumber.js';
import type { PairBeta, ReportData } from '../ReportData.js';
import { samePair } from '../samePair.js';
import type { SummaryWords } from './SummaryWords.js';

/** Per configured pair: when it separated and by which prototype, its confusions over training, its strongest prototype. */
export function configuredPairSentences(data: Pick<ReportData, 'trajectories' | 'separations'>, words: SummaryWords): string[] {
  return data.trajectories.filter((t) => t.reason === 'configured').map((trajectory) => {
    const [a, b] = trajectory.pair;
    const separation = data.separations.find((s) => samePair(s.pair, trajectory.pair));
    const parts: string[] = [];
    if (separation?.firstSeparatedTransition != null) {
      const driver = separation.driver;
      parts.push(
        `was first separated at ${words.transition(separation.firstSeparatedTransition)}` +
          (driver ? `, most strongly by prototype ${driver.prototype} (${words.separator(driver, trajectory.pair)})` : ''),
      );
    } else {
      parts.push('was never separated');
    }
    const confusions = trajectory.confusions;
    if (confusions.length > 0) {
      const total = (c: (typeof confusions)[number]): number => c.aAsB + c.bAsA;
      const peak = confusions.reduce((p, c) => (total(c) > total(p) ? c : p));
      const last = confusions[confusions.length - 1];
      const [na, nb] = [words.className(a), words.className(b)];
      parts.push(
        `its test confusions (${na} as ${nb} plus ${nb} as ${na}) went from ${total(confusions[0])} at checkpoint ` +
          `${confusions[0].checkpoint} to ${total(last)} at checkpoint ${last.checkpoint}` +
          (peak !== last && total(peak) > total(confusions[0]) ? ` (peak ${total(peak)} at checkpoint ${peak.checkpoint})` : ''),
      );
    }
    const strongest = strongestBeta(trajectory.betas);
    if (strongest) {
      parts.push(
        `on the all-samples fit, prototype ${strongest.prototype} weighed most (beta difference ${formatNumber.signed(strongest.difference)} ` +
          `at transition ${strongest.transition}, favouring ${words.className(strongest.difference > 0 ? a : b)})`,
      );
    }
    return `Pair ${words.pair(trajectory.pair)} ${parts.join('; ')}.`;
  });
}

/** The (prototype, transition) with the largest |beta_a - beta_b|; the first one on ties. */
function strongestBeta(betas: readonly PairBeta[]): { prototype: number; transition: number; difference: number } | null {
  let best: { prototype: number; transition: number; difference: number } | null = null;
  for (const b of betas) {
    const difference = b.betaA - b.betaB;
    if (!best || Math.abs(difference) > Math.abs(best.difference)) best = { prototype: b.prototype, transition: b.transition, difference };
  }
  return best;
}
