import { formatNumber } from '../formatNumber.js';
import type { ReportData } from '../ReportData.js';
import type { SummaryWords } from './SummaryWords.js';

/** The fine-tuning strategy with the best mean test accuracy and how the others compare, or that none ran. */
export function finetuneSentences(finetune: ReportData['finetune'], words: SummaryWords): string[] {
  if (finetune.length === 0) return ['Fine-tuning has not been run yet.'];
  const meanStd = (mean: number, std: number | null): string =>
    std === null ? formatNumber.percent(mean) : `${formatNumber.percent(mean)} +- ${formatNumber.percent(std)}`;
  const best = finetune.reduce((b, f) => (f.testMean > b.testMean ? f : b));
  const others = finetune.filter((f) => f !== best).map((f) => `${f.strategy} ${meanStd(f.testMean, f.testStd)}`);
  return [
    `Fine-tuning: ${best.strategy} reached the highest mean test accuracy, ${meanStd(best.testMean, best.testStd)} over ${best.runs} seed(s)` +
      (others.length > 0 ? `; ${words.list(others)}.` : '.'),
  ];
}
