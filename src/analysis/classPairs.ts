import { I2xError } from '../util/I2xError.js';

/**
 * The class pairs to analyse: `pairs` when given (each two different classes in 0..C-1, else an
 * E_ANALYSIS error naming `caller` and the pair), otherwise every (a, b) with a < b.
 */
export function classPairs(
  C: number,
  pairs: readonly (readonly [number, number])[] | undefined,
  caller: string,
): [number, number][] {
  if (pairs === undefined) {
    const all: [number, number][] = [];
    for (let a = 0; a < C; a++) for (let b = a + 1; b < C; b++) all.push([a, b]);
    return all;
  }
  return pairs.map(([a, b]) => {
    if (![a, b].every((c) => Number.isInteger(c) && c >= 0 && c < C) || a === b) {
      throw new I2xError('E_ANALYSIS', `${caller}: pair [${a}, ${b}]; expected two different classes in 0..${C - 1}`);
    }
    return [a, b];
  });
}
