import type { ClassPair, PairSeparation } from '../ReportData.js';
import { formatNumber } from '../formatNumber.js';

/** How the summary names things: classes by the dataset's names, pairs, transitions, lists. */
export class SummaryWords {
  constructor(private readonly classNames: readonly string[]) {}

  className(c: number): string {
    return this.classNames[c] ?? String(c);
  }

  pair([a, b]: ClassPair): string {
    return `${this.className(a)} vs ${this.className(b)}`;
  }

  transition(t: number): string {
    return `transition ${t} (checkpoint ${t} -> ${t + 1})`;
  }

  /** 'beta difference +0.343 in confidence group 2, favouring 1' */
  separator(driver: NonNullable<PairSeparation['driver']>, [a, b]: ClassPair): string {
    const where = driver.group < 0 ? 'the all-samples fit' : `confidence group ${driver.group}`;
    return `beta difference ${formatNumber.signed(driver.difference)} in ${where}, favouring ${this.className(driver.difference > 0 ? a : b)}`;
  }

  /** ['a'] -> 'a'; ['a', 'b'] -> 'a and b'; ['a', 'b', 'c'] -> 'a, b and c' */
  list(items: readonly string[]): string {
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  }

  /** '3' or '3 to 5' */
  range(low: number, high: number, format: (v: number) => string = String): string {
    return low === high ? format(low) : `${format(low)} to ${format(high)}`;
  }
}
