import type { ConservationEntry } from './ConservationEntry.js';
import { formatPercent } from '../../util/formatPercent.js';

/** One log line: the relative deviation of the relevance sum from the explained logit at every cut layer. */
export function formatConservation(composite: string, entries: ConservationEntry[]): string {
  const parts = entries.map((e) => `${e.layer} ${formatPercent(e.deviation, 2)}`);
  const logit = entries.length > 0 ? entries[0].logit.toPrecision(4) : 'n/a';
  return `lrp ${composite}: conservation (|sum R - logit| / |logit|, mean logit ${logit}): ${parts.join(', ')}`;
}
