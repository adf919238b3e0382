import { describe, expect, it } from 'vitest';
import { augmentBatch } from '../../src/models/augmentBatch.js';
import { checkpointSteps } from '../../src/models/checkpointSteps.js';
import { derivedSeed } from '../../src/util/derivedSeed.js';
import { learningRateAt } from '../../src/models/learningRateAt.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { I2xError } from '../../src/util/I2xError.js';

describe('learningRateAt', () => {
  it('constant, cosine (per step, from lr to ~0) and step (x0.1 at 50%, x0.01 at 75%)', () => {
    expect(learningRateAt({ lr: 0.1, schedule: 'constant' }, 7, 10)).toBe(0.1);
    expect(learningRateAt({ lr: 0.1, schedule: 'cosine' }, 0, 10)).toBe(0.1);
    expect(learningRateAt({ lr: 0.1, schedule: 'cosine' }, 5, 10)).toBeCloseTo(0.05, 15);
    expect(learningRateAt({ lr: 0.1, schedule: 'cosine' }, 9, 10)).toBeCloseTo(0.05 * (1 + Math.cos(0.9 * Math.PI)), 15);
    const step = [0, 4, 5, 7, 8, 9].map((s) => learningRateAt({ lr: 1, schedule: 'step' }, s, 10));
    expect(step[0]).toBe(1);
    expect(step[1]).toBe(1);
    expect(step[2]).toBeCloseTo(0.1, 15);
    expect(step[3]).toBeCloseTo(0.1, 15);
    expect(step[4]).toBeCloseTo(0.01, 15);
    expect(step[5]).toBeCloseTo(0.01, 15);
  });
});

describe('checkpointSteps', () => {
  const none = { everySteps: null, everyEpochs: null, first: false, last: false };
  it('combines first, every n steps, every (fractional) e epochs and last, sorted without repeats', () => {
    expect(checkpointSteps({ ...none, first: true, last: true }, 5, 10)).toEqual([0, 10]);
    expect(checkpointSteps({ ...none, everySteps: 4 }, 5, 10)).toEqual([4, 8]);
    expect(checkpointSteps({ ...none, everyEpochs: 0.5 }, 5, 10)).toEqual([3, 5, 8, 10]);
    expect(checkpointSteps({ everySteps: 4, everyEpochs: 1, first: true, last: true }, 5, 10)).toEqual([0, 4, 5, 8, 10]);
    expect(checkpointSteps({ ...none, everyEpochs: 3 }, 5, 10)).toEqual([]);
  });
  it('adds geometric steps round(first * factor^k) up to the last step (issue 15)', () => {
    expect(checkpointSteps({ ...none, geometric: { first: 8, factor: 2 } }, 50, 100)).toEqual([8, 16, 32, 64]);
    expect(checkpointSteps({ ...none, first: true, last: true, geometric: { first: 8, factor: 2 } }, 50, 100)).toEqual([0, 8, 16, 32, 64, 100]);
    // 2, 3, 4.5 -> 5 (Math.round), 6.75 -> 7, 10.125 -> 10, 15.1875 -> 15, 22.78 -> 23 > 20 stops
    expect(checkpointSteps({ ...none, geometric: { first: 2, factor: 1.5 } }, 10, 20)).toEqual([2, 3, 5, 7, 10, 15]);
    // 1, 1.1 -> 1, 1.21 -> 1, 1.33 -> 1, 1.46 -> 1, 1.61 -> 2, ...: repeats collapse
    expect(checkpointSteps({ ...none, geometric: { first: 1, factor: 1.1 } }, 10, 3)).toEqual([1, 2, 3]);
    // with nearLast 'keep'; the default replaces 16 here (next test)
    expect(checkpointSteps({ everySteps: null, everyEpochs: 1, first: true, last: true, geometric: { first: 4, factor: 4, nearLast: 'keep' } }, 10, 30)).toEqual([0, 4, 10, 16, 20, 30]);
  });
  it('lets the last step replace the largest geometric step when it lies within sqrt(factor) of it', () => {
    const geometric = { first: 8, factor: 2 };
    // the quick start: 258 steps; 258 / 256 = 1.008 < sqrt(2), so 256 goes and no transition is two steps long
    expect(checkpointSteps({ ...none, first: true, last: true, geometric }, 43, 258)).toEqual([0, 8, 16, 32, 64, 128, 258]);
    expect(checkpointSteps({ ...none, first: true, last: true, geometric: { ...geometric, nearLast: 'keep' } }, 43, 258)).toEqual([0, 8, 16, 32, 64, 128, 256, 258]);
    // experiment 3 (docs/experiments.md): 846 / 512 = 1.65 >= sqrt(2) = 1.414, so 512 stays
    expect(checkpointSteps({ ...none, first: true, last: true, geometric }, 282, 846)).toEqual([0, 8, 16, 32, 64, 128, 256, 512, 846]);
    // at the boundary: 724 / 512 = 1.41406 < 1.41421 replaces, 725 / 512 = 1.416 keeps
    expect(checkpointSteps({ ...none, last: true, geometric }, 100, 724)).toEqual([8, 16, 32, 64, 128, 256, 724]);
    expect(checkpointSteps({ ...none, last: true, geometric }, 100, 725)).toEqual([8, 16, 32, 64, 128, 256, 512, 725]);
    // the last step itself geometric: nothing to replace
    expect(checkpointSteps({ ...none, last: true, geometric }, 100, 256)).toEqual([8, 16, 32, 64, 128, 256]);
    // without `last` there is no last step to take its place
    expect(checkpointSteps({ ...none, geometric }, 43, 258)).toEqual([8, 16, 32, 64, 128, 256]);
    // a step another schedule also writes is kept: every 2 epochs of 64 steps writes 128 and 256
    expect(checkpointSteps({ ...none, everyEpochs: 2, last: true, geometric }, 64, 258)).toEqual([8, 16, 32, 64, 128, 256, 258]);
    // the factor-4 case above, replaced: 30 / 16 = 1.875 < sqrt(4)
    expect(checkpointSteps({ everySteps: null, everyEpochs: 1, first: true, last: true, geometric: { first: 4, factor: 4 } }, 10, 30)).toEqual([0, 4, 10, 20, 30]);
    // a null schedule is none
    expect(checkpointSteps({ ...none, last: true, geometric: null }, 43, 258)).toEqual([258]);
  });
  it('refuses a geometric schedule that would not grow', () => {
    expect(() => checkpointSteps({ ...none, geometric: { first: 8, factor: 1 } }, 5, 10)).toThrow(/geometric.factor 1 .*> 1/);
    expect(() => checkpointSteps({ ...none, geometric: { first: 0, factor: 2 } }, 5, 10)).toThrow(/geometric.first 0 .*>= 1/);
  });
  it('refuses a schedule that would never fire', () => {
    expect(() => checkpointSteps({ ...none, everySteps: 0 }, 5, 10)).toThrow(I2xError);
    expect(() => checkpointSteps({ ...none, everyEpochs: -1 }, 5, 10)).toThrow(/everyEpochs -1/);
  });
});

describe('derivedSeed', () => {
  it('is stable and differs between streams and indices', () => {
    expect(derivedSeed(1, 'epoch-order', 0)).toBe(derivedSeed(1, 'epoch-order', 0));
    const seeds = new Set([derivedSeed(1, 'epoch-order', 0), derivedSeed(1, 'epoch-order', 1), derivedSeed(2, 'epoch-order', 0), derivedSeed(1, 'augment', 0)]);
    expect(seeds.size).toBe(4);
  });
});

describe('augmentBatch', () => {
  /** The obvious version: pad by 4 with `fill`, crop at (4 + dy, 4 + dx), then mirror if asked. */
  function slowAugment(image: number[][][], fill: number[], dy: number, dx: number, flip: boolean): number[][][] {
    const [h, w] = [image.length, image[0].length];
    const padded = Array.from({ length: h + 8 }, (_, y) => Array.from({ length: w + 8 }, (_, x) => (y >= 4 && y < h + 4 && x >= 4 && x < w + 4 ? image[y - 4][x - 4] : fill)));
    const cropped = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => padded[y + 4 + dy][x + 4 + dx]));
    return flip ? cropped.map((row) => row.slice().reverse()) : cropped;
  }

  it('is a random crop with 4 pixels of padding and a random horizontal flip, per image', () => {
    const [count, h, w, c] = [6, 5, 7, 2];
    const images = Float32Array.from({ length: count * h * w * c }, (_, k) => k + 1);
    const batch = { images, labels: new Int32Array(count), shape: [count, h, w, c] as const };
    const fill = [-1, -2];
    const out = augmentBatch(batch, fill, new SeededRandom(5));
    const draws = new SeededRandom(5);
    for (let n = 0; n < count; n++) {
      const dy = draws.int(9) - 4;
      const dx = draws.int(9) - 4;
      const flip = draws.next() < 0.5;
      const image = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => Array.from({ length: c }, (_, ch) => images[((n * h + y) * w + x) * c + ch])));
      const expected = slowAugment(image, fill, dy, dx, flip).flat(2);
      expect(Array.from(out.images.subarray(n * h * w * c, (n + 1) * h * w * c))).toEqual(expected);
    }
  });
});
