import { createHash } from 'node:crypto';

/**
 * A 32-bit seed for one random stream of a training run, e.g. ('epoch-order', 3) or ('augment', 1200).
 * Each epoch's order and each step's augmentation depend only on (seed, stream, index), so a run resumed
 * at any step draws exactly what an uninterrupted run would have drawn there.
 */
export function derivedSeed(seed: number, stream: string, index: number): number {
  return createHash('sha256').update(`i2x/${stream}/${seed}/${index}`).digest().readUInt32LE(0);
}
