import { createHash } from 'node:crypto';

/**
 * A 32-bit seed for one random stream of a run, e.g. ('epoch-order', 3), ('augment', 1200) or
 * ('init/stem_conv', 0). Each stream depends only on (seed, stream, index), so a run resumed at any step draws
 * exactly what an uninterrupted run would have drawn there, and two uses of one run's seed never share a stream.
 *
 * Never 0: tfjs's random ops take a seed of 0 as "no seed" (`seed ? seed : Math.random()` in tfjs-core), which
 * would make a run with that seed unrepeatable. Every seed that reaches tfjs or a SeededRandom comes from here.
 */
export function derivedSeed(seed: number, stream: string, index: number): number {
  const value = createHash('sha256').update(`i2x/${stream}/${seed}/${index}`).digest().readUInt32LE(0);
  return value === 0 ? 1 : value;
}
