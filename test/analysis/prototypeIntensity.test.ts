import { describe, expect, it } from 'vitest';
import { normalizeSaliency } from '../../src/analysis/normalizeSaliency.js';
import { prototypeIntensity } from '../../src/analysis/prototypeIntensity.js';

describe('prototypeIntensity', () => {
  it('averages saliency per prototype region and marks absent prototypes NaN', () => {
    // 2 samples, 4 positions, K = 3
    const maps = Float32Array.from([1, 3, 5, 7, /* */ 2, 2, 4, 0]);
    const assign = Int32Array.from([0, 0, 1, 1, /* */ 2, 2, 2, 0]);
    const out = prototypeIntensity(maps, assign, 2, 4, 3);
    expect(Array.from(out)).toEqual([2, 6, Number.NaN, 0, Number.NaN, (2 + 2 + 4) / 3].map((v) => Math.fround(v)));
  });
  it('rejects maps and assignments of another resolution', () => {
    expect(() => prototypeIntensity(new Float32Array(8), new Int32Array(6), 2, 4, 3)).toThrow(/same resolution/);
  });
  it('normalises globally or per image, leaving zero maps alone', () => {
    expect(Array.from(normalizeSaliency(Float32Array.from([1, 2, 0, 4]), 2, 2, 'global-max'))).toEqual([0.25, 0.5, 0, 1]);
    expect(Array.from(normalizeSaliency(Float32Array.from([1, 2, 0, 0]), 2, 2, 'per-image-max'))).toEqual([0.5, 1, 0, 0]);
    expect(Array.from(normalizeSaliency(Float32Array.from([1, 2]), 1, 2, 'none'))).toEqual([1, 2]);
  });
});
