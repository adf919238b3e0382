/**
 * The prototypes uncertain for any of `pairs` (in either order), each once, ascending: the set the i2x score and the
 * scorecard flag, as curation uses them (src/finetune/curate.ts).
 */
export function uncertainForPairs(uncertain: readonly { prototype: number; pair: readonly [number, number] }[], pairs: readonly (readonly [number, number])[]): number[] {
  const key = ([a, b]: readonly [number, number]) => `${Math.min(a, b)}-${Math.max(a, b)}`;
  const wanted = new Set(pairs.map(key));
  return [...new Set(uncertain.filter((u) => wanted.has(key(u.pair))).map((u) => u.prototype))].sort((a, b) => a - b);
}
