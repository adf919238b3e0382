import { describe, expect, it } from 'vitest';
import { splitValidation } from '../../src/data/splitValidation.js';
import { expectI2xError } from './fixtures/expectI2xError.js';
import { syntheticDataset } from './fixtures/syntheticDataset.js';

// 100 samples: class 0 ×50, class 1 ×30, class 2 ×20.
const LABELS = Array.from({ length: 100 }, (_, i) => (i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2));
const source = syntheticDataset(LABELS, 3);

const counts = (labels: Int32Array): number[] => {
  const out = [0, 0, 0];
  for (const l of labels) out[l]++;
  return out;
};

describe('splitValidation', () => {
  it('splits by fraction, stratified, disjoint and covering, splits named', () => {
    const { train, val } = splitValidation(source, { fraction: 0.2, seed: 7 });
    expect([train.split, val.split]).toEqual(['train', 'val']);
    expect([train.count, val.count]).toEqual([80, 20]);
    expect(counts(val.labels)).toEqual([10, 6, 4]);
    const all = [...train.sourceIndex, ...val.sourceIndex].sort((a, b) => a - b);
    expect(all).toEqual(Array.from(source.sourceIndex));
    for (let k = 0; k < val.count; k++) expect(val.labels[k]).toBe(LABELS[val.sourceIndex[k] - 1000]);
  });

  it('splits by count with an exact total even when shares are fractional', () => {
    const { train, val } = splitValidation(source, { count: 7, seed: 1 });
    expect(val.count).toBe(7);
    expect(train.count).toBe(93);
    // Shares 3.5, 2.1, 1.4 -> floors 3, 2, 1; the one left goes to the largest remainder (class 0).
    expect(counts(val.labels)).toEqual([4, 2, 1]);
  });

  it('is deterministic per seed', () => {
    const a = splitValidation(source, { fraction: 0.3, seed: 5 });
    const b = splitValidation(source, { fraction: 0.3, seed: 5 });
    const c = splitValidation(source, { fraction: 0.3, seed: 6 });
    expect(Array.from(b.val.sourceIndex)).toEqual(Array.from(a.val.sourceIndex));
    expect(Array.from(c.val.sourceIndex)).not.toEqual(Array.from(a.val.sourceIndex));
  });

  it('refuses sizes that leave a part empty, and non-train sources', () => {
    expectI2xError(() => splitValidation(source, { fraction: 1, seed: 1 }), 'E_CONFIG', 'fraction 1');
    expectI2xError(() => splitValidation(source, { count: 0, seed: 1 }), 'E_CONFIG', 'count 0', '1..99');
    expectI2xError(() => splitValidation(source, { count: 100, seed: 1 }), 'E_CONFIG', 'count 100');
    const test = { ...source, split: 'test' as const };
    expectI2xError(() => splitValidation(test, { fraction: 0.1, seed: 1 }), 'E_CONFIG', "'test'");
  });
});
