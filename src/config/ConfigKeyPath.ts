import type { I2xConfig } from './configSchema.js';

/** A value the key paths stop at: a stage can declare a whole list, not one of its items. */
type Leaf = string | number | boolean | null | undefined | readonly unknown[];

/** Every dotted key path of `T` (`'train'`, `'train.epochs'`, ...), through nullable and union-of-object values. */
type KeyPaths<T> = T extends Leaf ? never : { [K in keyof T & string]: K | `${K}.${KeyPaths<NonNullable<T[K]>>}` }[keyof T & string];

/** A key path of the resolved config that a stage can declare in `configKeys`, e.g. 'analysis.prototypes.k'. */
export type ConfigKeyPath = KeyPaths<I2xConfig>;

/** `T` with only the key path `P`: `{ analysis: { ridge: ... } }` for 'analysis.ridge'. */
type PickPath<T, P extends string> = T extends null | undefined
  ? T
  : P extends `${infer Head}.${infer Rest}`
    ? Head extends keyof T
      ? { readonly [K in Head]: PickPath<T[K], Rest> }
      : never
    : P extends keyof T
      ? { readonly [K in P]: T[K] }
      : never;

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/**
 * The part of the config a stage with `configKeys` K receives: the config's shape, with only the declared key
 * paths in it. Reading any other key is a type error (and, at run time, an E_STAGE error: see restrictedConfig).
 */
export type ConfigSliceOf<K extends readonly ConfigKeyPath[]> = [K[number]] extends [never]
  ? Record<never, never>
  : [ConfigKeyPath] extends [K[number]]
    ? I2xConfig // any stage (keys not known to the type): the runner's view
    : UnionToIntersection<PickPath<I2xConfig, K[number]>>;
