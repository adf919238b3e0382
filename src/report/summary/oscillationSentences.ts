import { formatNumber } from '../formatNumber.js';
import type { ClassPair, ReportData } from '../ReportData.js';
import { samePair } from '../samePair.js';
import type { SummaryWords } from './SummaryWords.js';

/** Per configured pair: its uncertain (oscillating) prototypes, largest swing first, or that there are none. */
export function oscillationSentences(data: Pick<ReportData, 'config' | 'uncertain'>, words: SummaryWords): string[] {
  const { threshold, minSignChanges, pairs, scale } = data.config.analysis.uncertain;
  const bound = scale === 'absolute' ? formatNumber.plain(threshold) : `${formatNumber.plain(threshold)} x the largest at that transition`;
  return (pairs as ClassPair[]).map((pair) => {
    const oscillating = data.uncertain.filter((u) => samePair(u.pair, pair)).sort((x, y) => y.maxMagnitude - x.maxMagnitude);
    const between = `${words.className(pair[0])} and ${words.className(pair[1])}`;
    if (oscillating.length === 0) {
      return `No prototype oscillates between ${between} (at least ${minSignChanges} sign changes of |beta difference| >= ${bound}).`;
    }
    const listed = oscillating.map((u) => `${u.prototype} (${u.signChanges} flips, up to ${formatNumber.plain(u.maxMagnitude)})`);
    return oscillating.length === 1
      ? `One prototype oscillates between ${between}, switching which class it favours: ${listed[0]}.`
      : `${oscillating.length} prototypes oscillate between ${between}, switching which class they favour: ${words.list(listed)}.`;
  });
}
