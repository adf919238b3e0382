/** One class pair's confusions: samples of a predicted as b plus samples of b predicted as a. */
export interface PairConfusion {
  readonly pair: [number, number];
  readonly count: number;
}

/** The confusions of each pair in a [true class][predicted class] matrix. */
export function pairConfusions(confusion: readonly (readonly number[])[], pairs: readonly (readonly [number, number])[]): PairConfusion[] {
  return pairs.map(([a, b]) => ({ pair: [a, b], count: confusion[a][b] + confusion[b][a] }));
}
