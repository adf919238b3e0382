import { describe, expect, it } from 'vitest';
import { uncertainForPairs } from '../../src/analysis/uncertainForPairs.js';

describe('uncertainForPairs', () => {
  it('keeps the prototypes of the pairs asked for, in either order, each once, ascending', () => {
    const uncertain = [
      { prototype: 9, pair: [7, 2] as [number, number] },
      { prototype: 3, pair: [2, 7] as [number, number] },
      { prototype: 9, pair: [2, 7] as [number, number] },
      { prototype: 4, pair: [3, 5] as [number, number] },
    ];
    expect(uncertainForPairs(uncertain, [[2, 7]])).toEqual([3, 9]);
    expect(uncertainForPairs(uncertain, [[5, 3], [7, 2]])).toEqual([3, 4, 9]);
    expect(uncertainForPairs(uncertain, [[0, 1]])).toEqual([]);
  });
});
