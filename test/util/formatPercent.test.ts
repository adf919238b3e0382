import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/util/formatPercent.js';

describe('formatPercent', () => {
  it('shows a fraction in percent with the given decimals, and the missing text for null, NaN and infinities', () => {
    expect(formatPercent(0.8703)).toBe('87.0%');
    expect(formatPercent(0.8703, 2)).toBe('87.03%');
    expect(formatPercent(0.5, 0)).toBe('50%');
    expect(formatPercent(-0.0125, 2)).toBe('-1.25%');
    expect(formatPercent(null)).toBe('n/a');
    expect(formatPercent(Number.NaN, 1, '-')).toBe('-');
    expect(formatPercent(Number.POSITIVE_INFINITY, 1, '')).toBe('');
  });
});
