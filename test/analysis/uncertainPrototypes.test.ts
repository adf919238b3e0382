import { describe, expect, it } from 'vitest';
import { uncertainPrototypes } from '../../src/analysis/uncertainPrototypes.js';
import { I2xError } from '../../src/util/I2xError.js';
import { randomMatrix } from './randomMatrix.js';

/** betas[t] as [K, C] from rows of per-prototype class weights. */
function betasFrom(series: number[][][]): Float64Array[] {
  return series.map((rows) => Float64Array.from(rows.flat()));
}

describe('uncertainPrototypes', () => {
  // K = 2 prototypes, C = 3 classes, T = 4 transitions.
  const betas = betasFrom([
    [[1.0, 0.0, 0.5], [0.2, 0.1, 0.0]],
    [[0.0, 1.0, 0.5], [0.2, 0.1, 0.0]],
    [[0.5, 0.49, 0.5], [0.3, 0.0, 0.0]],
    [[1.0, 0.0, 0.5], [0.2, 0.1, 0.0]],
  ]);

  it('reports a prototype whose class preference flips, with its evidence', () => {
    // prototype 0, pair (0, 1): d = [1, -1, 0.01, 1]; with threshold 0.1, t = 2 is ignored.
    const found = uncertainPrototypes(betas, 2, 3, { pairs: [[0, 1]], threshold: 0.1, minSignChanges: 2 });
    expect(found).toHaveLength(1);
    const [hit] = found;
    expect(hit.prototype).toBe(0);
    expect(hit.pair).toEqual([0, 1]);
    hit.differences.forEach((d, t) => expect(d).toBeCloseTo([1, -1, 0.01, 1][t], 12));
    expect(hit.consideredTransitions).toEqual([0, 1, 3]);
    expect(hit.signFlips).toEqual([1, 3]);
    expect(hit.signChanges).toBe(2);
    expect(hit.maxMagnitude).toBeCloseTo(1, 12);
  });

  it('lets a small difference count once the threshold allows it', () => {
    const strict = uncertainPrototypes(betas, 2, 3, { pairs: [[0, 1]], threshold: 0.1, minSignChanges: 3 });
    expect(strict).toHaveLength(0);
    // threshold 0: d_2 = +0.01 counts, flips at t = 1 and t = 2 only (t = 3 keeps the sign).
    const loose = uncertainPrototypes(betas, 2, 3, { pairs: [[0, 1]], threshold: 0, minSignChanges: 2 });
    expect(loose[0].signFlips).toEqual([1, 2]);
  });

  it('tests every pair a < b by default and agrees with a slow count on random betas', () => {
    const K = 5;
    const C = 4;
    const random = Array.from({ length: 6 }, (_, t) => randomMatrix(K, C, 100 + t));
    const found = uncertainPrototypes(random, K, C, { threshold: 0.3, minSignChanges: 1 });
    const expected: string[] = [];
    for (let a = 0; a < C; a++) {
      for (let b = a + 1; b < C; b++) {
        for (let k = 0; k < K; k++) {
          const signs = random.map((beta) => beta[k * C + a] - beta[k * C + b]).filter((d) => Math.abs(d) >= 0.3).map(Math.sign);
          const flips = signs.slice(1).filter((s, i) => s !== signs[i]).length;
          if (flips >= 1) expected.push(`${k}:${a}-${b}:${flips}`);
        }
      }
    }
    expect(found.map((f) => `${f.prototype}:${f.pair[0]}-${f.pair[1]}:${f.signChanges}`).sort()).toEqual(expected.sort());
  });

  it('refuses betas of the wrong shape and bad pairs', () => {
    expect(() => uncertainPrototypes([new Float64Array(5)], 2, 3, { threshold: 0, minSignChanges: 1 })).toThrow(/betas\[0\] has 5 values/);
    expect(() => uncertainPrototypes(betas, 2, 3, { pairs: [[1, 1]], threshold: 0, minSignChanges: 1 })).toThrow(I2xError);
    expect(() => uncertainPrototypes(betas, 2, 3, { threshold: 0, minSignChanges: 0 })).toThrow(/minSignChanges/);
  });
});
