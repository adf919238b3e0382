import { formatNumber } from '../formatNumber.js';
import type { ReportData } from '../ReportData.js';

/** How test accuracy moved from the first to the last checkpoint, and its best checkpoint if that is another. */
export function accuracySentences(checkpoints: ReportData['checkpoints']): string[] {
  const accuracies = checkpoints.filter((c) => c.testAcc !== null);
  if (accuracies.length === 0) return [];
  const first = accuracies[0];
  const last = accuracies[accuracies.length - 1];
  const best = accuracies.reduce((b, c) => (c.testAcc! > b.testAcc! ? c : b));
  return [
    `Test accuracy went from ${formatNumber.percent(first.testAcc)} at checkpoint ${first.checkpoint} to ` +
      `${formatNumber.percent(last.testAcc)} at checkpoint ${last.checkpoint}` +
      (best.checkpoint !== last.checkpoint ? `; the highest was ${formatNumber.percent(best.testAcc)} at checkpoint ${best.checkpoint}.` : '.'),
  ];
}
