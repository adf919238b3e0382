import type { I2xConfig } from '../config/configSchema.js';
import { I2xError } from '../util/I2xError.js';

export interface CurationBudgetInput {
  /** [N] class of every training sample */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  /** [C] how many samples of each class the i2x rule removes */
  readonly ruleRemoved: readonly number[];
  /** `finetune.curation`: budget, classes, maxRemovedFraction */
  readonly options: Pick<I2xConfig['finetune']['curation'], 'budget' | 'classes' | 'maxRemovedFraction'>;
  /** `finetune.pairs`: with classes 'pair', only their classes get a budget */
  readonly pairs: readonly (readonly [number, number])[];
}

/**
 * How many samples of each class every curation method removes (the budget shared by the curated set, the
 * random control and every baseline): without `finetune.curation.budget`, what the i2x rule removes in that class;
 * with `{ count }`, that many of each candidate class; with `{ fraction }`, that fraction of each candidate class's
 * samples, rounded to the nearest integer. Candidate classes are every class, or with `classes: 'pair'` the classes
 * of `finetune.pairs` (the others get 0). A configured budget emptying a class or removing more than
 * `maxRemovedFraction` of the set is refused (E_FINETUNE), as the rule's curation is.
 */
export function curationBudget({ labels, classNames, ruleRemoved, options, pairs }: CurationBudgetInput): number[] {
  const { budget } = options;
  if (budget === null) return [...ruleRemoved];
  const totals = classNames.map(() => 0);
  for (const label of labels) totals[label]++;
  const candidate = options.classes === 'pair' ? new Set(pairs.flat()) : null;
  const counts = totals.map((total, c) => {
    if (candidate !== null && !candidate.has(c)) return 0;
    return 'count' in budget ? budget.count : Math.round(budget.fraction * total);
  });
  const what = 'count' in budget ? `count ${budget.count}` : `fraction ${budget.fraction}`;
  const emptied = counts.flatMap((count, c) => (count >= totals[c] && totals[c] > 0 ? [`${c} ('${classNames[c]}', ${totals[c]} samples)`] : []));
  if (emptied.length > 0) {
    throw new I2xError('E_FINETUNE', `finetune.curation.budget (${what}) would remove every sample of class${emptied.length > 1 ? 'es' : ''} ${emptied.join(', ')}; use a smaller count or fraction.`);
  }
  const removed = counts.reduce((sum, c) => sum + c, 0);
  if (removed > options.maxRemovedFraction * labels.length) {
    throw new I2xError(
      'E_FINETUNE',
      `finetune.curation.budget (${what}) removes ${removed} of ${labels.length} samples, more than finetune.curation.maxRemovedFraction = ${options.maxRemovedFraction}; use a smaller budget or raise maxRemovedFraction.`,
    );
  }
  return counts;
}
