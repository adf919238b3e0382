import { z } from 'zod';
import { unwrapSchema } from './unwrapSchema.js';

export type SchemaLookup =
  | { found: true; schema: z.ZodType }
  /** `at` is the deepest valid prefix; `validKeys` the keys accepted there (empty: not a mapping) */
  | { found: false; at: string[]; validKeys: string[] };

/**
 * Finds the schema of a key path (`['analysis', 'uncertain', 'pairs']`). Walks into mappings, into every
 * shape of a union of mappings, and into list items when a segment is an index.
 */
export function schemaAt(schema: z.ZodType, path: readonly (string | number)[]): SchemaLookup {
  let current = schema;
  for (let i = 0; i < path.length; i++) {
    const segment = String(path[i]);
    const next = childSchema(unwrapSchema(current).inner, segment);
    if (next === undefined) {
      return { found: false, at: path.slice(0, i).map(String), validKeys: mappingKeys(current) };
    }
    current = next;
  }
  return { found: true, schema: current };
}

/** The keys a mapping schema accepts (for a union of mappings, the keys of all its shapes). */
export function mappingKeys(schema: z.ZodType): string[] {
  const { inner } = unwrapSchema(schema);
  if (inner instanceof z.ZodObject) return Object.keys(inner.shape);
  if (inner instanceof z.ZodUnion) {
    return [...new Set((inner.options as z.ZodType[]).flatMap((option) => mappingKeys(option)))];
  }
  return [];
}

function childSchema(inner: z.ZodType, segment: string): z.ZodType | undefined {
  if (inner instanceof z.ZodObject) {
    return Object.hasOwn(inner.shape, segment) ? (inner.shape[segment] as z.ZodType) : undefined;
  }
  if (inner instanceof z.ZodUnion) {
    // the tag of a discriminated union (data.plant[i].kind) accepts the tag of every shape, not only the first's
    const discriminator = (inner.def as { discriminator?: string }).discriminator;
    if (discriminator !== undefined && segment === discriminator) {
      const tags = (inner.options as z.ZodType[]).flatMap((option) => {
        const tag = childSchema(unwrapSchema(option).inner, segment);
        return tag instanceof z.ZodLiteral ? [...tag.values].map(String) : [];
      });
      if (tags.length > 0) return z.enum(tags as [string, ...string[]]);
    }
    for (const option of inner.options as z.ZodType[]) {
      const child = childSchema(unwrapSchema(option).inner, segment);
      if (child !== undefined) return child;
    }
    return undefined;
  }
  const isIndex = /^\d+$/.test(segment);
  if (inner instanceof z.ZodArray && isIndex) return inner.element as z.ZodType;
  if (inner instanceof z.ZodTuple && isIndex) return inner.def.items[Number(segment)] as z.ZodType | undefined;
  return undefined;
}
