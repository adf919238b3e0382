import type { ReportData } from './ReportData.js';
import { accuracySentences } from './summary/accuracySentences.js';
import { configuredPairSentences } from './summary/configuredPairSentences.js';
import { finetuneSentences, replicateSentences } from './summary/finetuneSentences.js';
import { firstSeparatedSentences } from './summary/firstSeparatedSentences.js';
import { groupSentences } from './summary/groupSentences.js';
import { oscillationSentences } from './summary/oscillationSentences.js';
import { SummaryWords } from './summary/SummaryWords.js';

export type RunSummaryInput = Pick<ReportData, 'config' | 'checkpoints' | 'separations' | 'trajectories' | 'uncertain' | 'finetune' | 'finetuneComparisons' | 'replicates' | 'groupSizes'>;

/**
 * The report's summary in words, made from the store's numbers by fixed rules (no language model): how
 * accuracy moved, which class pairs separated first and which prototypes drove it, what happened to the
 * configured pairs, which prototypes oscillate, how the confidence groups looked, and the fine-tuning outcome, per
 * fine-tuning seed and over base models when the run was replicated.
 * One sentence per entry.
 */
export function summarizeRun(data: RunSummaryInput, classNames: readonly string[]): string[] {
  const words = new SummaryWords(classNames);
  return [
    ...accuracySentences(data.checkpoints),
    ...firstSeparatedSentences(data.separations, words),
    ...configuredPairSentences(data, words),
    ...oscillationSentences(data, words),
    ...groupSentences(data.groupSizes, words),
    ...finetuneSentences(data.finetune, data.finetuneComparisons, words),
    ...replicateSentences(data.replicates, words),
  ];
}
