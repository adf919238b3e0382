import { describe, expect, it } from 'vitest';
import { confidenceChange } from '../../src/analysis/confidenceChange.js';

describe('confidenceChange', () => {
  it('is after - before per sample and class, in float32', () => {
    const before = { name: 'a', data: Float32Array.from([0.5, 0.25, 0.25, 0.1, 0.1, 0.8]), shape: [2, 3] };
    const after = { name: 'b', data: Float32Array.from([0.25, 0.5, 0.25, 0.7, 0.2, 0.1]), shape: [2, 3] };
    const change = confidenceChange(before, after);
    // float64 differences of float32 values, rounded once to float32: what float32 subtraction gives
    expect(Array.from(change)).toEqual(Array.from(after.data, (v, i) => Math.fround(v - before.data[i])));
    expect(Array.from(change.subarray(0, 3))).toEqual([-0.25, 0.25, 0]);
  });

  it('refuses confidences of different shapes, naming both checkpoints', () => {
    const before = { name: 'step-000000', data: new Float32Array(6), shape: [2, 3] };
    const after = { name: 'step-000007', data: new Float32Array(6), shape: [3, 2] };
    expect(() => confidenceChange(before, after)).toThrow(/step-000007 have shape \[3,2\], those of step-000000 \[2,3\]/);
  });
});
