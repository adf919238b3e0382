/** The strategy every other is compared with: plain fine-tuning on all samples, as long as the curated one. */
export const REFERENCE_STRATEGY = 'full->full';

/** `full->full` when it was run, else the first of `strategies` (undefined when there are none). */
export function referenceStrategy(strategies: readonly string[]): string | undefined {
  return strategies.includes(REFERENCE_STRATEGY) ? REFERENCE_STRATEGY : strategies[0];
}
