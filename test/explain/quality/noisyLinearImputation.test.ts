import { describe, expect, it } from 'vitest';
import { noisyLinearImputation } from '../../../src/explain/quality/noisyLinearImputation.js';

describe('noisyLinearImputation', () => {
  it('solves the hand-written system of a 5x5 image with two adjacent removed pixels', () => {
    const image = Float32Array.from({ length: 25 }, (_, p) => (p * 7) % 10); // value at p = 7p mod 10
    const removed = new Uint8Array(25);
    const a = 2 * 5 + 2, b = 2 * 5 + 3; // (2,2) and (2,3)
    removed[a] = removed[b] = 1;
    const v = (y: number, x: number) => image[y * 5 + x];
    // Interior pixels: weights sum to 4/6 + 4/12 = 1. Each is the other's right/left neighbour (weight 1/6).
    // a: x_a - x_b / 6 = [v(1,2) + v(3,2) + v(2,1)] / 6 + [v(1,1) + v(1,3) + v(3,1) + v(3,3)] / 12
    // b: x_b - x_a / 6 = [v(1,3) + v(3,3) + v(2,4)] / 6 + [v(1,2) + v(1,4) + v(3,2) + v(3,4)] / 12
    const ra = (v(1, 2) + v(3, 2) + v(2, 1)) / 6 + (v(1, 1) + v(1, 3) + v(3, 1) + v(3, 3)) / 12;
    const rb = (v(1, 3) + v(3, 3) + v(2, 4)) / 6 + (v(1, 2) + v(1, 4) + v(3, 2) + v(3, 4)) / 12;
    const det = 1 - 1 / 36; // Cramer's rule on [[1, -1/6], [-1/6, 1]]
    const xa = (ra + rb / 6) / det, xb = (rb + ra / 6) / det;
    const out = noisyLinearImputation(image, { height: 5, width: 5, channels: 1 }, removed, { std: 0 });
    expect(out[a]).toBeCloseTo(xa, 5);
    expect(out[b]).toBeCloseTo(xb, 5);
    for (let p = 0; p < 25; p++) if (p !== a && p !== b) expect(out[p]).toBe(image[p]);
  });
  it('refuses to impute an image with every pixel removed', () => {
    expect(() => noisyLinearImputation(new Float32Array(4), { height: 2, width: 2, channels: 1 }, new Uint8Array(4).fill(1), { std: 0 })).toThrow(/every pixel is removed/);
  });
});
