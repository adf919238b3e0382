import { describe, expect, it } from 'vitest';
import { mostCommonClasses } from '../../src/report/mostCommonClasses.js';
import type { PrototypeRow } from '../../src/report/ReportData.js';

const row = (mostCommonClasses: number[], mostCommonSamples: number | null, mostCommonShares: (number | null)[]): PrototypeRow =>
  ({ prototype: 0, areaTotal: 1, nSamples: 1, mostCommonClasses, mostCommonSamples, mostCommonShares });
const name = (c: number) => ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'][c];

describe('mostCommonClasses', () => {
  it('shows every tied class, not the lowest: the issue example, 539 of 540 images of both 3 and 7', () => {
    expect(mostCommonClasses(row([3, 7], 539, [539 / 540, 539 / 540]), String)).toBe('3 = 7 (99.8% of the samples of each)');
  });

  it('gives each class its share when tied classes differ in size', () => {
    // 539 of 540 and 539 of 550 samples
    expect(mostCommonClasses(row([3, 7], 539, [539 / 540, 539 / 550]), name)).toBe("three = seven (539 samples each: 99.8% of class three's, 98.0% of class seven's)");
  });

  it('one class with its share, absent prototypes, and rows stored without shares', () => {
    expect(mostCommonClasses(row([2], 30, [30 / 40]), name)).toBe('two (75.0% of its samples)');
    expect(mostCommonClasses(row([], null, []), name)).toBe('n/a');
    expect(mostCommonClasses(row([5], null, [null]), name)).toBe('five');
  });
});
