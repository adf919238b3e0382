import { uncertainForPairs } from '../analysis/uncertainForPairs.js';
import { I2xError } from '../util/I2xError.js';
import { checkCurationInput } from './checkCurationInput.js';
import type { Curation, CurationInput, CurationReason } from './Curation.js';
import { curationLimitsError } from './curationLimitsError.js';

/**
 * The curated training set: every sample that contains an uncertain prototype of one of `pairs` is removed (with
 * `classes: 'pair'`, only the samples labelled with one of the pairs' classes are candidates).
 * A sample contains prototype k when at least `minArea` positions of its assignment map are k AND, when
 * `intensityThreshold` is set, k's intensity in it at the final checkpoint is above the threshold (the
 * threshold narrows the area test: a prototype present but barely looked at does not count).
 *
 * Refused with E_FINETUNE, before any fine-tuning: a pair naming a class that does not exist; no uncertain
 * prototype for the pairs; a curation removing no sample, every sample of a class, or more than `maxRemovedFraction`.
 */
export function curate(input: CurationInput): Curation {
  const { assignments, positions, labels, classNames, prototypes: K, finalIntensities, options } = input;
  const N = labels.length;
  checkCurationInput(input);
  const used = uncertainForPairs(input.uncertain, input.pairs);
  const outside = used.find((k) => !Number.isInteger(k) || k < 0 || k >= K);
  if (outside !== undefined) {
    throw new I2xError('E_FINETUNE', `uncertain.json names prototype ${outside}, but there are ${K} prototypes (0..${K - 1}); re-run the analysis (i2x run) so its stages agree.`);
  }
  if (used.length === 0) {
    const found = input.uncertain.length === 0 ? 'found none' : `found ${input.uncertain.length}, all for other pairs (${[...new Set(input.uncertain.map((u) => `[${u.pair.join(', ')}]`))].join(', ')})`;
    throw new I2xError(
      'E_FINETUNE',
      `No uncertain prototypes for finetune.pairs ${input.pairs.map((p) => `[${p.join(', ')}]`).join(', ')}: the analysis ${found}, so there is nothing to curate and no fine-tuning was started. ` +
        'Lower analysis.uncertain.threshold or analysis.uncertain.minSignChanges to find more, and check that the pairs are in analysis.uncertain.pairs.',
    );
  }

  const candidate = options.classes === 'pair' ? new Set(input.pairs.flat()) : null;
  const removed = new Uint8Array(N);
  const removedSamples: Curation['removedSamples'][number][] = [];
  const area = new Int32Array(K);
  for (let n = 0; n < N; n++) {
    if (candidate !== null && !candidate.has(labels[n])) continue;
    area.fill(0);
    for (let p = n * positions; p < (n + 1) * positions; p++) area[assignments[p]]++;
    const reasons: CurationReason[] = [];
    for (const k of used) {
      if (area[k] < options.minArea) continue;
      if (options.intensityThreshold === null) {
        reasons.push({ prototype: k, area: area[k], intensity: null });
        continue;
      }
      const intensity = finalIntensities![n * K + k];
      if (intensity > options.intensityThreshold) reasons.push({ prototype: k, area: area[k], intensity });
    }
    if (reasons.length > 0) {
      removed[n] = 1;
      removedSamples.push({ sample: n, reasons });
    }
  }

  const perClass = classNames.map(() => ({ total: 0, removed: 0 }));
  for (let n = 0; n < N; n++) {
    perClass[labels[n]].total++;
    perClass[labels[n]].removed += removed[n];
  }
  const perPrototype = used.map((prototype) => ({ prototype, samples: removedSamples.filter((s) => s.reasons.some((r) => r.prototype === prototype)).length }));
  const curation = { prototypes: used, removed, removedCount: removedSamples.length, perPrototype, perClass, removedSamples };
  const limits = curationLimitsError(curation, classNames, options);
  if (limits) throw limits;
  return curation;
}
