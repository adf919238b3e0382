import { pairedDifference, type PairedDifference } from '../analysis/pairedDifference.js';
import { referenceStrategy } from '../finetune/referenceStrategy.js';
import type { FinetuneRow } from './ReportData.js';

/** Fine-tuning strategies against the reference one: the test accuracy difference paired by seed, per strategy. */
export interface FinetuneComparisons {
  /** full->full when it was run, else the first strategy */
  readonly reference: FinetuneRow;
  /** every other strategy's paired difference from `reference` (value - reference), with its 95% t interval */
  readonly differences: ReadonlyMap<string, PairedDifference>;
}

/** Compares each strategy's per-seed test accuracies with the reference strategy's; null when nothing ran. */
export function finetuneComparisons(finetune: readonly FinetuneRow[]): FinetuneComparisons | null {
  const name = referenceStrategy(finetune.map((f) => f.strategy));
  const reference = finetune.find((f) => f.strategy === name);
  if (!reference) return null;
  const values = (f: FinetuneRow) => f.seeds.map(({ seed, testAcc }) => ({ seed, value: testAcc }));
  return {
    reference,
    differences: new Map(finetune.filter((f) => f !== reference).map((f) => [f.strategy, pairedDifference(values(f), values(reference))])),
  };
}
