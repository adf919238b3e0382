import { describe, expect, it } from 'vitest';
import { curate } from '../../src/finetune/curate.js';
import type { CurationInput } from '../../src/finetune/Curation.js';
import { randomControl } from '../../src/finetune/randomControl.js';
import { expectI2xError } from '../data/fixtures/expectI2xError.js';

/*
 * Eight samples with 2x2 assignment maps (K = 4 prototypes), classes 0, 1, 2. Prototypes 1 and 2 are uncertain
 * for the pair (0, 1), prototype 3 for (1, 2), which is not a fine-tuning pair.
 *
 *   sample  label  map        contains (area)
 *   0       0      0 0 0 1    p1 (1)
 *   1       0      1 1 0 0    p1 (2)
 *   2       1      2 0 0 0    p2 (1)
 *   3       1      2 2 2 1    p2 (3), p1 (1)
 *   4       2      3 3 3 3    p3 (4)         (p3 is not used)
 *   5       2      0 0 0 0    -
 *   6       0      0 0 0 0    -
 *   7       1      0 0 0 0    -
 */
const assignments = Int32Array.from([0, 0, 0, 1, 1, 1, 0, 0, 2, 0, 0, 0, 2, 2, 2, 1, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 0, 1]);
const K = 4;
/** [N, K] final-checkpoint intensities; NaN where the prototype is absent */
const intensities = new Float32Array(8 * K).fill(Number.NaN);
const setIntensity = (n: number, k: number, value: number) => (intensities[n * K + k] = value);
for (let n = 0; n < 8; n++) setIntensity(n, 0, 0.05);
setIntensity(0, 1, 0.9);
setIntensity(1, 1, 0.2);
setIntensity(2, 2, 0.7);
setIntensity(3, 2, 0.4);
setIntensity(3, 1, 0.6);
setIntensity(4, 3, 1.0);

function input(overrides: Partial<Omit<CurationInput, 'options'>> & { options?: Partial<CurationInput['options']> } = {}): CurationInput {
  const { options, ...rest } = overrides;
  return {
    assignments,
    positions: 4,
    labels,
    classNames: ['zero', 'one', 'two'],
    prototypes: K,
    uncertain: [
      { prototype: 1, pair: [0, 1] },
      { prototype: 2, pair: [1, 0] },
      { prototype: 3, pair: [1, 2] },
    ],
    pairs: [[1, 0]],
    finalIntensities: intensities,
    ...rest,
    options: { minArea: 1, intensityThreshold: null, maxRemovedFraction: 0.6, classes: 'all', ...options },
  };
}

const removedSet = (removed: Uint8Array) => [...removed.keys()].filter((n) => removed[n] === 1);

describe('curate', () => {
  it('minArea 1 removes every sample containing an uncertain prototype of the pairs, in either order', () => {
    const c = curate(input());
    expect(c.prototypes).toEqual([1, 2]);
    expect(removedSet(c.removed)).toEqual([0, 1, 2, 3]);
    expect(c.removedCount).toBe(4);
    expect(c.perClass).toEqual([{ total: 3, removed: 2 }, { total: 3, removed: 2 }, { total: 2, removed: 0 }]);
    expect(c.perPrototype).toEqual([{ prototype: 1, samples: 3 }, { prototype: 2, samples: 2 }]);
    expect(c.removedSamples).toEqual([
      { sample: 0, reasons: [{ prototype: 1, area: 1, intensity: null }] },
      { sample: 1, reasons: [{ prototype: 1, area: 2, intensity: null }] },
      { sample: 2, reasons: [{ prototype: 2, area: 1, intensity: null }] },
      { sample: 3, reasons: [{ prototype: 1, area: 1, intensity: null }, { prototype: 2, area: 3, intensity: null }] },
    ]);
  });

  it("classes 'pair' removes only samples of the pairs' classes; 'all' removes a contained prototype in any class", () => {
    // sample 5 (class 2, not in the pair (0, 1)) now holds uncertain prototype 1 on two positions
    const withOther = Int32Array.from(assignments);
    withOther.set([1, 1, 0, 0], 5 * 4);
    const all = curate(input({ assignments: withOther, options: { maxRemovedFraction: 0.7 } }));
    expect(removedSet(all.removed)).toEqual([0, 1, 2, 3, 5]);
    expect(all.perClass[2]).toEqual({ total: 2, removed: 1 });
    const pair = curate(input({ assignments: withOther, options: { maxRemovedFraction: 0.7, classes: 'pair' } }));
    expect(removedSet(pair.removed)).toEqual([0, 1, 2, 3]);
    expect(pair.perClass).toEqual([{ total: 3, removed: 2 }, { total: 3, removed: 2 }, { total: 2, removed: 0 }]);
    expect(pair.removedSamples.map((s) => s.sample)).toEqual([0, 1, 2, 3]);
  });

  it('minArea 2 keeps samples where the prototype covers a single position', () => {
    const c = curate(input({ options: { minArea: 2 } }));
    expect(removedSet(c.removed)).toEqual([1, 3]);
    expect(c.removedSamples[1]).toEqual({ sample: 3, reasons: [{ prototype: 2, area: 3, intensity: null }] });
  });

  it('an intensity threshold also requires the final-checkpoint intensity to be above it', () => {
    // minArea 1, threshold 0.5: s0 p1 0.9 yes; s1 p1 0.2 no; s2 p2 0.7 yes; s3 p1 0.6 yes, p2 0.4 no
    const c = curate(input({ options: { intensityThreshold: 0.5 } }));
    expect(removedSet(c.removed)).toEqual([0, 2, 3]);
    expect(c.removedSamples[2].sample).toBe(3);
    expect(c.removedSamples[2].reasons).toHaveLength(1);
    expect(c.removedSamples[2].reasons[0]).toMatchObject({ prototype: 1, area: 1 });
    expect(c.removedSamples[2].reasons[0].intensity).toBeCloseTo(0.6, 6);
    // minArea 2, threshold 0.3: s1 p1 (area 2) 0.2 no; s3 p2 (area 3) 0.4 yes
    const narrow = curate(input({ options: { minArea: 2, intensityThreshold: 0.3 } }));
    expect(removedSet(narrow.removed)).toEqual([3]);
    expect(narrow.perClass.map((p) => p.removed)).toEqual([0, 1, 0]);
  });

  it('refuses a pair naming a class that does not exist, in finetune.pairs or in uncertain.json', () => {
    expectI2xError(() => curate(input({ pairs: [[0, 5]] })), 'E_FINETUNE', 'finetune.pairs', '[0, 5]', 'classes 0..2');
    expectI2xError(() => curate(input({ uncertain: [{ prototype: 1, pair: [1, 9] }] })), 'E_FINETUNE', 'analysis.uncertain.pairs', '[1, 9]');
  });

  it('refuses to curate without uncertain prototypes, suggesting the analysis keys to lower', () => {
    const none = expectI2xError(() => curate(input({ uncertain: [] })), 'E_FINETUNE', 'No uncertain prototypes', 'found none', 'analysis.uncertain.threshold', 'analysis.uncertain.minSignChanges');
    expect(none.message).toContain('no fine-tuning was started');
    expectI2xError(() => curate(input({ uncertain: [{ prototype: 3, pair: [1, 2] }] })), 'E_FINETUNE', 'No uncertain prototypes', 'all for other pairs ([1, 2])');
  });

  it('refuses a curation that empties a class, naming the class and the keys to change', () => {
    // p0 is in every sample of class 0 (0, 1, 6)
    const error = expectI2xError(
      () => curate(input({ uncertain: [{ prototype: 0, pair: [0, 1] }], options: { maxRemovedFraction: 0.99 } })),
      'E_FINETUNE',
      "every sample of class 0 ('zero', 3 of 3)",
      'p0 in 6 samples',
      'finetune.curation.minArea (now 1)',
      'finetune.curation.intensityThreshold',
    );
    expect(error.message).not.toContain('maxRemovedFraction =');
  });

  it('refuses a curation that removes nothing, since curated would be full', () => {
    expectI2xError(() => curate(input({ options: { minArea: 4 } })), 'E_FINETUNE', 'removes no sample', 'p1, p2', 'Lower finetune.curation.minArea');
  });

  it('refuses a curation removing more than maxRemovedFraction, with the numbers', () => {
    expectI2xError(
      () => curate(input({ options: { maxRemovedFraction: 0.4 } })),
      'E_FINETUNE',
      '4 of 8 samples (50.0%)',
      'finetune.curation.maxRemovedFraction = 0.4',
      'raise finetune.curation.maxRemovedFraction',
    );
  });

  it('words the limits for the action: a masking curation is refused as one that would mask', () => {
    const error = expectI2xError(
      () => curate(input({ options: { maxRemovedFraction: 0.4, action: 'mask' } })),
      'E_FINETUNE',
      'Curation would mask 4 of 8 samples (50.0%)',
      'To mask fewer',
      'to accept masking this many',
    );
    expect(error.message).not.toMatch(/remov(e|ing) /);
    expectI2xError(() => curate(input({ options: { minArea: 4, action: 'mask' } })), 'E_FINETUNE', 'Curation masks no sample');
  });

  it('refuses assignments and intensities whose shapes do not fit the labels', () => {
    expectI2xError(() => curate(input({ positions: 3 })), 'E_FINETUNE', 'assignments hold 32 values', '[8, 3]');
    expectI2xError(() => curate(input({ finalIntensities: null, options: { intensityThreshold: 0.1 } })), 'E_FINETUNE', 'intensityThreshold is set');
  });
});

describe('randomControl', () => {
  const many = Int32Array.from({ length: 300 }, (_, n) => (n * 7) % 3);

  it('removes exactly the asked number of samples of each class, and the same ones for the same seed', () => {
    const perClass = [5, 0, 17];
    const a = randomControl(many, perClass, 42);
    const counts = [0, 0, 0];
    a.forEach((flag, n) => (counts[many[n]] += flag));
    expect(counts).toEqual(perClass);
    expect(randomControl(many, perClass, 42)).toEqual(a);
    const b = randomControl(many, perClass, 43);
    expect(b).not.toEqual(a);
    expect(b.reduce((s, f) => s + f, 0)).toBe(22);
  });

  it('matches a curation class by class', () => {
    const c = curate(input());
    const control = randomControl(labels, c.perClass.map((p) => p.removed), 1);
    expect([0, 1, 2].map((cls) => [...control.keys()].filter((n) => labels[n] === cls && control[n]).length)).toEqual([2, 2, 0]);
  });

  it('refuses to remove more samples of a class than it has', () => {
    expectI2xError(() => randomControl(labels, [4, 0, 0], 1), 'E_FINETUNE', 'cannot remove 4 samples of class 0, which has 3');
  });
});
