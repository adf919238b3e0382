import type { Dataset } from '../../data/Dataset.js';
import { takeSamples } from '../../data/takeSamples.js';
import { maskedSamples } from '../../finetune/maskedSamples.js';
import { I2xError } from '../../util/I2xError.js';
import type { CurationOutput } from './artifacts/curationArtifacts.js';

/**
 * The training set of a curation's first phase, from the curation stage's outputs: `curated`, its random control
 * `random`, or a baseline score's set. With action 'remove' (a baseline's always) the samples not removed, in their
 * original order; with 'mask' every sample, its masked cells (`masked-cells.bin`) set to the background value.
 * A baseline the curation made no set for is refused (E_FINETUNE).
 */
export function firstPhaseSet(full: Dataset, curation: CurationOutput, set: string): Dataset {
  const { record } = curation;
  if (set === 'curated' || set === 'random') {
    if (record.action === 'mask') {
      return maskedSamples({ source: full, cells: curation.maskedCells.get(set)!, featureShape: record.mask!.featureShape, background: record.mask!.background });
    }
    return keptSamples(full, set === 'curated' ? curation.removed : curation.randomRemoved);
  }
  const removed = curation.baselineRemoved.get(set);
  if (!removed) {
    throw new I2xError('E_FINETUNE', `finetune.curation.baselines has '${set}', but the curation stage made sets for ${record.baselines.length ? record.baselines.join(', ') : 'no baseline'}; re-run the curation stage with this config.`);
  }
  return keptSamples(full, removed);
}

function keptSamples(full: Dataset, removed: Uint8Array): Dataset {
  const kept = Int32Array.from(removed.keys()).filter((n) => removed[n] === 0);
  return takeSamples(full, kept);
}
