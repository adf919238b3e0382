import { describe, expect, it } from 'vitest';
import { pairedStatistics } from '../../src/analysis/pairedStatistics.js';
import { acrossBases, formatAcrossBases } from '../../src/finetune/acrossBases.js';
import type { FinetuneComparisonRow } from '../../src/finetune/finetuneComparisonRows.js';
import { I2xError } from '../../src/util/I2xError.js';

/** A comparison row whose per-seed differences (strategy - baseline, baseline 0) are `differences`. */
function row(metric: string, differences: number[], strategy = 'curated'): FinetuneComparisonRow {
  const seeds = differences.map((_, seed) => seed);
  return {
    strategy,
    baseline: 'random',
    metric,
    statistics: pairedStatistics(seeds.map((seed) => ({ seed, value: differences[seed] })), seeds.map((seed) => ({ seed, value: 0 }))),
    agreement: null,
  };
}

describe('acrossBases (issue 15, addendum F)', () => {
  // addendum F's per-seed 2<->7 differences of curated - random on the four base models (docs/results/.../F/paired.txt)
  const bases = [
    { seed: 0, rows: [row('confusions 2<->7', [-3, -10, -5, -3, -1]), row('test_accuracy', [0, 0.0024, 0.0002, 0.0003, 0.0002])] },
    { seed: 2, rows: [row('confusions 2<->7', [8, 1, 4, 4, 3]), row('test_accuracy', [-0.0011, -0.0001, -0.0016, -0.0018, -0.001])] },
    { seed: 1, rows: [row('confusions 2<->7', [-2, -8, 0, 3, -2]), row('test_accuracy', [-0.0012, 0.0013, -0.0005, -0.0015, -0.0011])] },
    { seed: 3, rows: [row('confusions 2<->7', [-5, -1, -2, 2, -5]), row('test_accuracy', [0.0009, -0.0002, 0.0003, -0.0012, -0.0006])] },
  ];

  it('takes each base mean difference as one value and puts the interval over bases (hand-computed t interval, 3 degrees of freedom)', () => {
    const [confusions] = acrossBases(bases);
    expect(confusions.metric).toBe('confusions 2<->7');
    // ordered by seed, whatever the order given
    expect(confusions.perBase.map((b) => b.seed)).toEqual([0, 1, 2, 3]);
    expect(confusions.perBase.map((b) => b.meanDiff)).toEqual([-4.4, -1.8, 4.0, -2.2].map((x) => expect.closeTo(x, 12)));
    // mean -1.1; sd 3.5870136139505613; t_{0.975, 3} = 3.182446305284263; half width 5.707739111360657
    expect(confusions.statistics.mean).toBeCloseTo(-1.1, 12);
    expect(confusions.statistics.interval!.low).toBeCloseTo(-6.807739111360657, 9);
    expect(confusions.statistics.interval!.high).toBeCloseTo(4.607739111360658, 9);
    // sign test over 4 bases, 3 negative and 1 positive: 2 * P(X <= 1 | n 4, p 1/2) = 2 * 5/16
    expect(confusions.statistics.signP).toBeCloseTo(0.625, 12);
  });

  it('prints one line per comparison, accuracy in percentage points, with the verdict over bases', () => {
    const text = formatAcrossBases(acrossBases(bases));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^strategy\s+vs\s+metric\s+bases\s+per base \(seed: mean diff\)\s+mean\s+95% t CI over bases\s+sign p\s+verdict$/);
    expect(lines[2]).toMatch(/^curated\s+random\s+confusions 2<->7\s+4\s+0: -4\.40, 1: -1\.80, 2: \+4\.00, 3: -2\.20\s+-1\.10\s+\[-6\.81, \+4\.61\]\s+0\.6250\s+no detectable difference$/);
    // accuracy: per-base means 0.00062, -0.0006, -0.00112, -0.00016 -> +0.06, -0.06, -0.11, -0.02 pp
    expect(lines[3]).toMatch(/^curated\s+random\s+test accuracy \(pp\)\s+4\s+0: \+0\.06, 1: -0\.06, 2: -0\.11, 3: -0\.02\s+/);
  });

  it('refuses bases fine-tuned with other strategies or pairs, and repeated seeds, naming them', () => {
    const other = { seed: 5, rows: [row('confusions 3<->5', [1, 2])] };
    expect(() => acrossBases([bases[0], other])).toThrow(I2xError);
    expect(() => acrossBases([bases[0], other])).toThrow(/seed 5 has other comparisons than that of seed 0 \(missing: curated vs random: confusions 2<->7; curated vs random: test_accuracy\) \(extra: curated vs random: confusions 3<->5\)/);
    expect(() => acrossBases([bases[0], { ...bases[1], seed: 0 }])).toThrow(/training seeds 0, 0 repeat/);
    expect(() => acrossBases([])).toThrow(/no base models/);
  });
});
