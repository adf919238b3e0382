import { describe, expect, it } from 'vitest';
import { prototypeClassShares } from '../../src/analysis/prototypeClassShares.js';

describe('prototypeClassShares', () => {
  // 6 samples of classes [0, 0, 1, 1, 1, 2]; areas [N = 6, K = 3]
  const labels = Int32Array.of(0, 0, 1, 1, 1, 2);
  const areas = Int32Array.of(
    2, 1, 0, // class 0
    0, 1, 0, // class 0
    3, 1, 0, // class 1
    1, 4, 0, // class 1
    0, 0, 0, // class 1
    5, 1, 0, // class 2
  );
  const shares = prototypeClassShares({ areas, labels, K: 3, C: 3 });

  it('counts the samples of each class a prototype is present in, and each class share, by hand', () => {
    // p0 is in samples 0 (class 0), 2, 3 (class 1), 5 (class 2)
    expect(Array.from(shares[0].samples)).toEqual([1, 2, 1]);
    expect(shares[0].shares).toEqual([1 / 2, 2 / 3, 1 / 1]);
    expect(shares[0].mostCommon).toEqual([1]);
  });

  it('lists every class tied at the largest count, not only the lowest', () => {
    // p1 is in samples 0, 1 (class 0), 2, 3 (class 1), 5 (class 2): classes 0 and 1 both have 2
    expect(Array.from(shares[1].samples)).toEqual([2, 2, 1]);
    expect(shares[1].shares).toEqual([2 / 2, 2 / 3, 1 / 1]);
    expect(shares[1].mostCommon).toEqual([0, 1]);
    const tied = prototypeClassShares({ areas: Int32Array.of(1, 0, 1, 0, 0, 1), labels: Int32Array.of(3, 3, 7, 7, 5, 5), K: 1, C: 10 });
    // present in 1 of 2 samples of each of 3, 5 and 7: all three tie at one sample
    expect(Array.from(tied[0].samples)).toEqual([0, 0, 0, 1, 0, 1, 0, 1, 0, 0]);
    expect(tied[0].mostCommon).toEqual([3, 5, 7]);
    expect(tied[0].shares).toEqual([null, null, null, 0.5, null, 0.5, null, 0.5, null, null]);
  });

  it('a prototype present in no sample has no most common class', () => {
    expect(Array.from(shares[2].samples)).toEqual([0, 0, 0]);
    expect(shares[2].mostCommon).toEqual([]);
    expect(shares[2].shares).toEqual([0, 0, 0]);
  });

  it('refuses areas of another shape and labels outside 0..C-1, naming them', () => {
    expect(() => prototypeClassShares({ areas: new Int32Array(5), labels, K: 1, C: 3 })).toThrow(/areas: length 5 does not match \[rows=6, cols=1\]/);
    expect(() => prototypeClassShares({ areas: new Int32Array(6), labels, K: 1, C: 2 })).toThrow('labels[5] = 2 is not a class; expected an integer in 0..1');
  });
});
