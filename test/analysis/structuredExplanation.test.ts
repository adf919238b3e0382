import { describe, expect, it } from 'vitest';
import { structuredExplanation } from '../../src/analysis/structuredExplanation.js';
import { I2xError } from '../../src/util/I2xError.js';

describe('structuredExplanation', () => {
  // K = 3 prototypes, C = 2 classes; three transitions with one group each, then two groups.
  const beta = (rows: number[][]) => Float64Array.from(rows.flat());
  const betas = [
    [beta([[0.1, 0.0], [0.0, 0.0], [-0.1, 0.0]])],
    [beta([[0.5, -0.2], [0.0, 0.3], [-0.4, 0.1]])],
    [beta([[1.0, -1.0], [0.2, 0.0], [0.0, 0.5]])],
    [beta([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]), beta([[0.0, 0.0], [0.0, 1.5], [0.0, 0.0]])],
  ];

  it('lists the prototypes that raise and lower each class, strongest first', () => {
    const explanation = structuredExplanation(betas, 3, 2, { top: 2 });
    const t1 = explanation.groups.find((g) => g.transition === 1 && g.group === 0);
    expect(t1?.classes[0]).toEqual({
      class: 0,
      raises: [{ prototype: 0, weight: 0.5 }],
      lowers: [{ prototype: 2, weight: -0.4 }],
    });
    expect(t1?.classes[1].raises.map((w) => w.prototype)).toEqual([1, 2]);
    expect(t1?.classes[1].lowers).toEqual([{ prototype: 0, weight: -0.2 }]);
    expect(explanation.groups.map((g) => [g.transition, g.group])).toEqual([[0, 0], [1, 0], [2, 0], [3, 0], [3, 1]]);
  });

  it('ranks separating prototypes by |beta[k,a] - beta[k,b]| and reports the signed difference', () => {
    const explanation = structuredExplanation(betas, 3, 2, { top: 2 });
    const t2 = explanation.groups.find((g) => g.transition === 2);
    expect(t2?.pairs[0].pair).toEqual([0, 1]);
    expect(t2?.pairs[0].separators).toEqual([
      { prototype: 0, weight: 2 },
      { prototype: 2, weight: -0.5 },
    ]);
    // an all-zero group separates nothing
    expect(explanation.groups[3].pairs[0].separators).toEqual([]);
  });

  it('dates separation: first transition whose score reaches the fraction of the maximum', () => {
    // S_t = max over groups and k: [0.1, 0.7, 2.0, 1.5] -> max 2; half of it is first reached at t = 2.
    const [pair] = structuredExplanation(betas, 3, 2).pairs;
    pair.scores.forEach((s, t) => expect(s).toBeCloseTo([0.1, 0.7, 2.0, 1.5][t], 12));
    expect(pair.maxScore).toBeCloseTo(2, 12);
    expect(pair.firstSeparatedTransition).toBe(2);
    expect(structuredExplanation(betas, 3, 2, { separatedFraction: 0.3 }).pairs[0].firstSeparatedTransition).toBe(1);
    const flat = structuredExplanation([[new Float64Array(6)]], 3, 2).pairs[0];
    expect(flat.firstSeparatedTransition).toBeNull();
  });

  it('returns plain JSON and refuses bad shapes', () => {
    const explanation = structuredExplanation(betas, 3, 2);
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
    expect(() => structuredExplanation([[new Float64Array(5)]], 3, 2)).toThrow(/betas\[0\]\[0\] has 5 values/);
    expect(() => structuredExplanation(betas, 3, 2, { separatedFraction: 0 })).toThrow(I2xError);
  });
});
