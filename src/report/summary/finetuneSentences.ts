import { intervalVerdict } from '../../analysis/pairedDifference.js';
import { percentPoints, signedFixed } from '../../finetune/formatPairedDifference.js';
import { REFERENCE_STRATEGY } from '../../finetune/referenceStrategy.js';
import { formatNumber } from '../formatNumber.js';
import type { FinetuneComparison, FinetuneRow, ReplicateComparison, ReplicateSet, StoredPairedComparison } from '../ReportData.js';
import type { SummaryWords } from './SummaryWords.js';

/**
 * Each strategy's mean test accuracy, then one sentence per strategy on how it compares with the reference
 * (full->full, else the first strategy) as the finetune stage stored it (`finetune_comparisons`): the mean per-seed
 * difference in test accuracy and in each pair's confusions with its 95% t and bootstrap intervals and the exact
 * sign and Wilcoxon p-values, and how many of the final test predictions equal the reference's. A difference is
 * called higher or lower only when its t interval excludes 0; otherwise "no detectable difference". With one seed
 * no interval exists, and the words say so instead of naming a best strategy.
 */
export function finetuneSentences(finetune: readonly FinetuneRow[], comparisons: readonly FinetuneComparison[], words: SummaryWords): string[] {
  if (finetune.length === 0) return ['Fine-tuning has not been run yet.'];
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
  if (finetune.length < 2) return sentences;
  if (comparisons.length === 0) {
    sentences.push('The paired comparisons of the strategies are not in the store (the finetune stage writes them since its version 5); run i2x finetune again to see them.');
    return sentences;
  }
  const baseline = comparisons[0].baseline;
  const against = baseline === REFERENCE_STRATEGY ? baseline : `${baseline} (${REFERENCE_STRATEGY} was not run)`;
  if (oneSeed) {
    sentences.push(`With one seed the 95% confidence interval of a strategy's difference from ${against} cannot be computed, so none is called better or worse; set finetune.seeds to 2 or more.`);
  }
  for (const c of comparisons) {
    const clauses = [
      ...(oneSeed || c.accuracy === null ? [] : [`test accuracy ${comparison(c.accuracy, 'pp')}`]),
      ...(oneSeed ? [] : c.confusions.map((p) => `the ${words.pair(p.pair)} confusions ${comparison(p, 'count')}`)),
      ...(c.agreement === null ? [] : [agreementClause(c, baseline)]),
    ];
    if (clauses.length > 0) sentences.push(`Against ${against}, paired by seed, ${c.strategy}: ${clauses.join('; ')}.`);
  }
  return sentences;
}

/**
 * One sentence per `i2x replicate` summary the run is a base of and strategy in it: the same clauses as the per-seed
 * comparisons, over base models (each base's mean difference over its fine-tuning seeds is one value).
 */
export function replicateSentences(sets: readonly ReplicateSet[], words: SummaryWords): string[] {
  return sets.flatMap((set) => {
    const byStrategy = new Map<string, ReplicateComparison[]>();
    for (const c of set.comparisons) {
      const key = JSON.stringify([c.strategy, c.baseline]);
      byStrategy.set(key, [...(byStrategy.get(key) ?? []), c]);
    }
    const seeds = words.list(set.bases.map((b) => String(b.seed)));
    return [...byStrategy.values()].map((of) => {
      const { strategy, baseline } = of[0];
      const clauses = of.map((c) => (c.pair === null ? `${c.metric === 'test_accuracy' ? 'test accuracy' : c.metric} ${comparison(c, 'pp', 'base model')}` : `the ${words.pair(c.pair)} confusions ${comparison(c, 'count', 'base model')}`));
      return `Over the ${set.bases.length} base models of ${set.runId} (training seeds ${seeds}), against ${baseline}, ${strategy}: ${clauses.join('; ')}.`;
    });
  });
}

/**
 * 'is higher by 0.50 pp (95% t CI [+0.20, +0.80] pp, bootstrap [+0.25, +0.75] pp; sign p 0.0625, Wilcoxon p 0.0625; 5 seeds)',
 * 'shows no detectable difference (mean ..., 95% t CI [...], includes 0; ...)', 'cannot be called higher or lower: the
 * difference is +0.05 pp for every seed, ...' (intervalVerdict's 'every difference equal'), or why there is no interval. Accuracy
 * (`unit` 'pp', a fraction shown in percentage points) takes the singular verb, confusions (counts) the plural.
 */
function comparison(c: StoredPairedComparison, unit: 'pp' | 'count', over: 'seed' | 'base model' = 'seed'): string {
  const signed = (x: number) => (unit === 'pp' ? percentPoints(x) : signedFixed(x));
  const size = (x: number) => (unit === 'pp' ? `${percentPoints(x, false)} pp` : Math.abs(x).toFixed(2));
  const suffix = unit === 'pp' ? ' pp' : '';
  const n = `${c.n} ${over}${c.n === 1 ? '' : 's'}`;
  if (c.t === null || c.meanDiff === null) return `cannot be compared: ${c.n} shared ${over}${c.n === 1 ? '' : 's'}, and the 95% CI of the paired difference needs 2 or more`;
  const interval = (i: { low: number; high: number }) => `[${signed(i.low)}, ${signed(i.high)}]${suffix}`;
  const p = c.signP === null ? 'sign and Wilcoxon p n/a (every difference is 0)' : `sign p ${formatNumber.plain(c.signP)}, Wilcoxon p ${formatNumber.plain(c.wilcoxonP)}`;
  const bootstrap = c.bootstrap === null ? '' : `, bootstrap ${interval(c.bootstrap)}`;
  const verdict = intervalVerdict(c.t);
  const [show, be] = unit === 'pp' ? ['shows', 'is'] : ['show', 'are'];
  if (verdict === 'every difference equal') {
    return `cannot be called higher or lower: the difference is ${signed(c.meanDiff)}${suffix} for every ${over}, so the t interval has no width (${p}; ${n})`;
  }
  if (verdict === 'no detectable difference') return `${show} no detectable difference (mean ${signed(c.meanDiff)}${suffix}, 95% t CI ${interval(c.t)}, includes 0${bootstrap}; ${p}; ${n})`;
  return `${be} ${verdict} by ${size(c.meanDiff)} (95% t CI ${interval(c.t)}${bootstrap}; ${p}; ${n})`;
}

/** 'its final test predictions equal full->full's on 99.41% of the test images (mean over 3 seeds: 99.31%, 99.50%, 99.42%)' */
function agreementClause(c: FinetuneComparison, baseline: string): string {
  const perSeed = c.agreementBySeed.map((a) => formatNumber.percent(a.agreement, 2));
  const over = perSeed.length > 0 ? ` (mean over ${perSeed.length} seed${perSeed.length === 1 ? '' : 's'}: ${perSeed.join(', ')})` : '';
  return `its final test predictions equal ${baseline}'s on ${formatNumber.percent(c.agreement, 2)} of the test images${over}`;
}
