import { I2xError } from '../util/I2xError.js';
import { SeededRandom } from '../util/SeededRandom.js';

export interface RuleMaskedCellsInput {
  /** [N, positions] prototype of every feature-map position of every training sample (`assignments.bin`) */
  readonly assignments: Int32Array;
  readonly positions: number;
  /** the samples the i2x rule selects, each with the uncertain prototypes it contains (`Curation.removedSamples`) */
  readonly selected: readonly { readonly sample: number; readonly reasons: readonly { readonly prototype: number }[] }[];
}

/**
 * The cells the mask action blanks in the curated set: [N, positions] uint8, 1 where a sample the rule selects
 * has one of the uncertain prototypes it was selected for (its `reasons`) at that feature-map position. Samples
 * the rule does not select have no masked cell; an uncertain prototype that is in a sample but failed the area or
 * intensity test there is not masked.
 */
export function ruleMaskedCells({ assignments, positions, selected }: RuleMaskedCellsInput): Uint8Array {
  const cells = new Uint8Array(assignments.length);
  for (const { sample, reasons } of selected) {
    const prototypes = new Set(reasons.map((r) => r.prototype));
    for (let p = sample * positions; p < (sample + 1) * positions; p++) if (prototypes.has(assignments[p])) cells[p] = 1;
  }
  return cells;
}

export interface RandomMaskedCellsInput {
  /** [N] class of every training sample */
  readonly labels: Int32Array;
  /** [N, positions] the curated set's masked cells (ruleMaskedCells) */
  readonly curatedCells: Uint8Array;
  readonly positions: number;
  /** [N] the random control's samples (randomControl: as many of each class as the curation selects) */
  readonly randomSamples: Uint8Array;
  /** a derived seed (never 0) */
  readonly seed: number;
}

/**
 * The random control of a mask curation: [N, positions] uint8. Within each class the random control's samples
 * (ascending) take the curated samples' masked-cell counts (the curated samples of that class, ascending, each
 * with at least one masked cell), one count each, so both sets mask the same number of samples per class and the
 * same multiset of cell counts; each random sample's cells are that many distinct positions drawn uniformly
 * (a seeded permutation of 0..positions-1 per sample, from one stream). Same seed, same cells.
 */
export function randomMaskedCells({ labels, curatedCells, positions, randomSamples, seed }: RandomMaskedCellsInput): Uint8Array {
  const N = labels.length;
  if (curatedCells.length !== N * positions || randomSamples.length !== N) {
    throw new I2xError('E_FINETUNE', `random mask control: the curated cells hold ${curatedCells.length} flags and the random samples ${randomSamples.length}; expected [N, positions] = [${N}, ${positions}] and [${N}].`);
  }
  const countsByClass = new Map<number, number[]>();
  const randomByClass = new Map<number, number[]>();
  for (let n = 0; n < N; n++) {
    let count = 0;
    for (let p = n * positions; p < (n + 1) * positions; p++) count += curatedCells[p];
    if (count > 0) listOf(countsByClass, labels[n]).push(count);
    if (randomSamples[n]) listOf(randomByClass, labels[n]).push(n);
  }
  const cells = new Uint8Array(N * positions);
  const rng = new SeededRandom(seed);
  for (const c of [...new Set([...countsByClass.keys(), ...randomByClass.keys()])].sort((a, b) => a - b)) {
    const counts = countsByClass.get(c) ?? [];
    const samples = randomByClass.get(c) ?? [];
    if (counts.length !== samples.length) {
      throw new I2xError('E_FINETUNE', `random mask control: class ${c} has ${counts.length} masked curated samples but ${samples.length} random samples; the two must be equal (re-run the curation stage).`);
    }
    samples.forEach((n, i) => {
      const drawn = rng.permutation(positions);
      for (let j = 0; j < counts[i]; j++) cells[n * positions + drawn[j]] = 1;
    });
  }
  return cells;
}

function listOf(lists: Map<number, number[]>, key: number): number[] {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  return list;
}
