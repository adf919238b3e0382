import { I2xError } from '../util/I2xError.js';
import type { Curation, CurationOptions } from './Curation.js';
import { formatPercent } from '../util/formatPercent.js';

/**
 * The E_FINETUNE error for a curation that cannot be fine-tuned on: one removing every sample of some class or
 * more than `maxRemovedFraction` of the set (naming the numbers, the prototypes responsible and the keys to
 * change), or one removing nothing (the curated set would be the full set). Null when it is within bounds.
 */
export function curationLimitsError(
  curation: Pick<Curation, 'removedCount' | 'perClass' | 'perPrototype'>,
  classNames: readonly string[],
  options: CurationOptions,
): I2xError | null {
  const N = curation.perClass.reduce((sum, c) => sum + c.total, 0);
  // with action 'mask' the same limits hold for the samples it masks (they stay in the set, without their cells)
  const [removes, remove, removing] = options.action === 'mask' ? ['masks', 'mask', 'masking'] : ['removes', 'remove', 'removing'];
  if (curation.removedCount === 0) {
    return new I2xError(
      'E_FINETUNE',
      `Curation ${removes} no sample: none of the ${N} contains an uncertain prototype (${curation.perPrototype.map((p) => `p${p.prototype}`).join(', ')}) as finetune.curation asks ` +
        `(minArea ${options.minArea}, intensityThreshold ${options.intensityThreshold}), so the curated set would be the full set and no fine-tuning was started. ` +
        'Lower finetune.curation.minArea or finetune.curation.intensityThreshold.',
    );
  }
  const problems: string[] = [];
  const emptied = curation.perClass.flatMap(({ total, removed }, c) => (total > 0 && removed === total ? [`${c} ('${classNames[c]}', ${total} of ${total})`] : []));
  if (emptied.length > 0) problems.push(`every sample of class${emptied.length > 1 ? 'es' : ''} ${emptied.join(', ')}`);
  const tooMany = curation.removedCount > options.maxRemovedFraction * N;
  if (tooMany) {
    problems.push(`${curation.removedCount} of ${N} samples (${formatPercent(curation.removedCount / N)}), more than finetune.curation.maxRemovedFraction = ${options.maxRemovedFraction}`);
  }
  if (problems.length === 0) return null;
  const contained = curation.perPrototype.map((p) => `p${p.prototype} in ${p.samples}`).join(', ');
  const threshold = options.intensityThreshold === null ? 'set finetune.curation.intensityThreshold' : `raise finetune.curation.intensityThreshold (now ${options.intensityThreshold})`;
  return new I2xError(
    'E_FINETUNE',
    `Curation would ${remove} ${problems.join('; and ')}, so no fine-tuning was started. Uncertain prototypes used: ${contained} samples. ` +
      `To ${remove} fewer, raise finetune.curation.minArea (now ${options.minArea}) or ${threshold}, or find fewer uncertain prototypes ` +
      `(raise analysis.uncertain.threshold or analysis.uncertain.minSignChanges)` +
      (tooMany ? `; or, to accept ${removing} this many, raise finetune.curation.maxRemovedFraction.` : '.'),
  );
}
