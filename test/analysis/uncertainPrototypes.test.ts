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
    const found = uncertainPrototypes(betas, 2, 3, { pairs: [[0, 1]], threshold: 0.1, minSignChanges: 2, scale: 'absolute' });
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
    const strict = uncertainPrototypes(betas, 2, 3, { pairs: [[0, 1]], threshold: 0.1, minSignChanges: 3, scale: 'absolute' });
    expect(strict).toHaveLength(0);
    // threshold 0: d_2 = +0.01 counts, flips at t = 1 and t = 2 only (t = 3 keeps the sign).
    const loose = uncertainPrototypes(betas, 2, 3, { pairs: [[0, 1]], threshold: 0, minSignChanges: 2, scale: 'absolute' });
    expect(loose[0].signFlips).toEqual([1, 2]);
  });

  it('tests every pair a < b by default and agrees with a slow count on random betas', () => {
    const K = 5;
    const C = 4;
    const random = Array.from({ length: 6 }, (_, t) => randomMatrix(K, C, 100 + t));
    const found = uncertainPrototypes(random, K, C, { threshold: 0.3, minSignChanges: 1, scale: 'absolute' });
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

  it('measures the threshold against each transition\'s strongest preference by default', () => {
    // K = 3, C = 2, pair (0, 1); d_t per prototype:
    //   t=0: [ 4.0, -2.0,  0.5]   scale 4.0 -> [ 1.0, -0.5,  0.125]
    //   t=1: [-0.1,  0.05, 0.2]   scale 0.2 -> [-0.5,  0.25, 1.0 ]
    //   t=2: [ 0.3, -0.3,  0.1]   scale 0.3 -> [ 1.0, -1.0,  0.333]
    const series = betasFrom([
      [[4.0, 0], [-2.0, 0], [0.5, 0]],
      [[-0.1, 0], [0.05, 0], [0.2, 0]],
      [[0.3, 0], [-0.3, 0], [0.1, 0]],
    ]);
    const relative = uncertainPrototypes(series, 3, 2, { pairs: [[0, 1]], threshold: 0.3, minSignChanges: 2 });
    // prototype 0 flips at t=1 and t=2 (all three count); prototype 1's t=1 (0.25) is below 0.3, so no flip;
    // prototype 2: t=0 (0.125) is ignored, t=1 and t=2 are both positive.
    expect(relative.map((u) => u.prototype)).toEqual([0]);
    expect(relative[0].signFlips).toEqual([1, 2]);
    [1.0, -0.5, 1.0].forEach((v, t) => expect(relative[0].scaled[t]).toBeCloseTo(v, 12));
    [4.0, -0.1, 0.3].forEach((v, t) => expect(relative[0].differences[t]).toBeCloseTo(v, 12));
    // the same threshold on the raw values ignores every later transition of prototype 0
    expect(uncertainPrototypes(series, 3, 2, { pairs: [[0, 1]], threshold: 0.3, minSignChanges: 2, scale: 'absolute' })).toEqual([]);
    // with 'absolute' the scaled series is the raw one
    const absolute = uncertainPrototypes(series, 3, 2, { pairs: [[0, 1]], threshold: 0.05, minSignChanges: 1, scale: 'absolute' });
    for (const u of absolute) expect(u.scaled).toEqual(u.differences);
  });

  it('refuses betas of the wrong shape and bad pairs', () => {
    expect(() => uncertainPrototypes([new Float64Array(5)], 2, 3, { threshold: 0, minSignChanges: 1 })).toThrow(/betas\[0\] has 5 values/);
    expect(() => uncertainPrototypes(betas, 2, 3, { pairs: [[1, 1]], threshold: 0, minSignChanges: 1 })).toThrow(I2xError);
    expect(() => uncertainPrototypes(betas, 2, 3, { threshold: 0, minSignChanges: 0 })).toThrow(/minSignChanges/);
    expect(() => uncertainPrototypes(betas, 2, 3, { threshold: 0, minSignChanges: 1, scale: 'max' as never })).toThrow(/'per-transition' or 'absolute'/);
  });
});
