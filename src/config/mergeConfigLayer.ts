import { z } from 'zod';
import { schemaAt } from './schemaAt.js';
import { unwrapSchema } from './unwrapSchema.js';

/**
 * Deep-merges one config layer (a YAML file or a `--set`) into `target`, in place: mappings are merged key
 * by key; lists, scalars and values of a union of shapes (e.g. `trainSubset: {first: N}` over
 * `{perClass: N}`) replace what was there. `origins` records, per dotted key path, which source set it
 * last (for a mapping: which source introduced it).
 */
export function mergeConfigLayer(
  schema: z.ZodType,
  target: Record<string, unknown>,
  layer: Record<string, unknown>,
  source: string,
  origins: Map<string, string>,
  prefix: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(layer)) {
    const path = [...prefix, key];
    const dotted = path.join('.');
    if (isMapping(value) && !isReplacedWhole(schema, path)) {
      if (!isMapping(target[key])) {
        target[key] = {};
        forgetOrigins(origins, dotted);
      }
      // a mapping keeps the origin of the file that introduced it: keys nobody set are blamed on that file
      if (!origins.has(dotted)) origins.set(dotted, source);
      mergeConfigLayer(schema, target[key] as Record<string, unknown>, value, source, origins, path);
    } else {
      target[key] = structuredClone(value);
      forgetOrigins(origins, dotted);
      recordOrigins(origins, dotted, value, source);
    }
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isReplacedWhole(schema: z.ZodType, path: readonly string[]): boolean {
  const lookup = schemaAt(schema, path);
  return lookup.found && unwrapSchema(lookup.schema).inner instanceof z.ZodUnion;
}

function forgetOrigins(origins: Map<string, string>, dotted: string): void {
  for (const key of [...origins.keys()]) {
    if (key === dotted || key.startsWith(`${dotted}.`)) origins.delete(key);
  }
}

function recordOrigins(origins: Map<string, string>, dotted: string, value: unknown, source: string): void {
  origins.set(dotted, source);
  if (isMapping(value)) {
    for (const [key, child] of Object.entries(value)) recordOrigins(origins, `${dotted}.${key}`, child, source);
  }
}
