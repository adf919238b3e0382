import { formatNumber } from '../formatNumber.js';
import type { ReportData } from '../ReportData.js';
import type { SummaryWords } from './SummaryWords.js';

/** How many confidence groups HDBSCAN found per transition, and how much of the data it left as noise. */
export function groupSentences(groupSizes: ReportData['groupSizes'], words: SummaryWords): string[] {
  const transitions = [...new Set(groupSizes.map((g) => g.transition))];
  if (transitions.length === 0) return [];
  const clusters = transitions.map((t) => groupSizes.filter((g) => g.transition === t && g.grp >= 0).length);
  const noise = transitions.map((t) => {
    const rows = groupSizes.filter((g) => g.transition === t);
    const all = rows.reduce((s, g) => s + g.size, 0);
    return all > 0 ? rows.filter((g) => g.grp < 0).reduce((s, g) => s + g.size, 0) / all : 0;
  });
  return [
    `HDBSCAN found ${words.range(Math.min(...clusters), Math.max(...clusters))} confidence groups per transition, ` +
      `with ${words.range(Math.min(...noise), Math.max(...noise), (v) => formatNumber.percent(v, 0))} of the samples left as noise.`,
  ];
}
