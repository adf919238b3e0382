import { pairedVerdict, type PairedDifference } from '../../analysis/pairedDifference.js';
import { percentPoints } from '../../finetune/formatPairedDifference.js';
import { REFERENCE_STRATEGY } from '../../finetune/referenceStrategy.js';
import { finetuneComparisons } from '../finetuneComparisons.js';
import { formatNumber } from '../formatNumber.js';
import type { FinetuneRow } from '../ReportData.js';
import type { SummaryWords } from './SummaryWords.js';

/**
 * Each strategy's mean test accuracy, then how each compares with full->full (else the first strategy): the
 * paired difference per seed with its 95% t interval (src/report/finetuneComparisons.ts). A strategy is called
 * higher or lower only when that interval excludes 0; otherwise "no detectable difference". With one seed no
 * interval exists, and the words say so instead of naming a best strategy.
 */
export function finetuneSentences(finetune: readonly FinetuneRow[], words: SummaryWords): string[] {
  const comparisons = finetuneComparisons(finetune);
  if (comparisons === null) return ['Fine-tuning has not been run yet.'];
  const meanStd = (f: FinetuneRow): string =>
    f.testStd === null ? formatNumber.percent(f.testMean, 2) : `${formatNumber.percent(f.testMean, 2)} +- ${formatNumber.percent(f.testStd, 2)}`;
  const sameRuns = finetune.every((f) => f.runs === finetune[0].runs);
  const oneSeed = finetune.every((f) => f.runs < 2);
  const seedsText = (runs: number) => `${runs} seed${runs === 1 ? '' : 's'}`;
  const accuracies = finetune.map((f) => `${f.strategy} ${meanStd(f)}${sameRuns || oneSeed ? '' : ` (${seedsText(f.runs)})`}`);
  const sentences = [
    oneSeed
      ? `Fine-tuning test accuracy with one seed: ${words.list(accuracies)}.`
      : `Fine-tuning test accuracy, mean +- sample std${sameRuns ? ` over ${seedsText(finetune[0].runs)}` : ' over seeds'}: ${words.list(accuracies)}.`,
  ];
  const { reference, differences } = comparisons;
  if (differences.size === 0) return sentences;
  const against = reference.strategy === REFERENCE_STRATEGY ? reference.strategy : `${reference.strategy} (${REFERENCE_STRATEGY} was not run)`;
  if (oneSeed) {
    sentences.push(`With one seed the 95% confidence interval of a strategy's difference from ${against} cannot be computed, so none is called better or worse; set finetune.seeds to 2 or more.`);
    return sentences;
  }
  const clauses = [...differences].map(([strategy, d]) => `${strategy} ${comparison(d)}`);
  sentences.push(`Against ${against}, paired by seed: ${clauses.join('; ')}.`);
  return sentences;
}

/** 'is higher by 0.50 pp (95% CI ... [+0.20, +0.80] pp, 5 seeds)', 'shows no detectable difference (...)', or why there is no interval. */
function comparison(d: PairedDifference): string {
  const n = d.seeds.length;
  if (d.interval === null) return `cannot be compared: ${n} shared seed${n === 1 ? '' : 's'}, and the 95% CI of the paired difference needs 2 or more`;
  const ci = `95% CI of the paired difference [${percentPoints(d.interval.low)}, ${percentPoints(d.interval.high)}] pp, ${n} seeds`;
  const verdict = pairedVerdict(d);
  if (verdict === 'higher') return `is higher by ${percentPoints(d.mean, false)} pp (${ci})`;
  if (verdict === 'lower') return `is lower by ${percentPoints(-d.mean, false)} pp (${ci})`;
  return `shows no detectable difference (${ci}, includes 0)`;
}
