import type { ConservationEntry } from './ConservationEntry.js';
import { formatPercent } from '../../util/formatPercent.js';

/**
 * Why a deviation is not a defect: LRP's rules conserve relevance only through layers without biases, and with
 * epsilon 0. Every BatchNorm folds into the bias of the convolution before it, so a ResNet's relevance at the input
 * is short of its logit by what the biases and the epsilon stabiliser absorbed.
 */
export const CONSERVATION_NOTE = 'biases (every folded BatchNorm adds one) and epsilon absorb relevance, so only a bias-free network with epsilon 0 conserves it';

/** One log line: the relative deviation of the relevance sum from the explained logit at every cut layer, and why it deviates. */
export function formatConservation(composite: string, entries: ConservationEntry[]): string {
  const parts = entries.map((e) => `${e.layer} ${formatPercent(e.deviation, 2)}`);
  const logit = entries.length > 0 ? entries[0].logit.toPrecision(4) : 'n/a';
  return `lrp ${composite}: conservation (|sum R - logit| / |logit|, mean logit ${logit}): ${parts.join(', ')}; ${CONSERVATION_NOTE}`;
}
