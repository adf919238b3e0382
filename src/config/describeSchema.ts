import { z } from 'zod';
import { unwrapSchema } from './unwrapSchema.js';

/** Says in words what a schema accepts, for "expected ..." in validation messages. */
export function describeSchema(schema: z.ZodType): string {
  const { inner, nullable } = unwrapSchema(schema);
  const text = schema.description ?? describeInner(inner);
  return nullable ? `${text}, or null` : text;
}

function describeInner(inner: z.ZodType): string {
  if (inner.description !== undefined) return inner.description;
  if (inner instanceof z.ZodEnum) return `one of ${inner.options.map((o) => quote(o)).join(' | ')}`;
  if (inner instanceof z.ZodLiteral) return `one of ${[...inner.values].map((v) => quote(v)).join(' | ')}`;
  if (inner instanceof z.ZodBoolean) return 'true or false';
  if (inner instanceof z.ZodString) return 'a string';
  if (inner instanceof z.ZodNumber) return inner.isInt ? 'an integer' : 'a number';
  if (inner instanceof z.ZodObject) {
    return `a mapping with ${describeKeys(inner)}`;
  }
  if (inner instanceof z.ZodUnion) {
    return (inner.options as z.ZodType[]).map((option) => describeUnionOption(option)).join(' or ');
  }
  if (inner instanceof z.ZodArray) return `a list of ${describeSchema(inner.element as z.ZodType)}`;
  if (inner instanceof z.ZodTuple) {
    return `[${(inner.def.items as z.ZodType[]).map((item) => describeSchema(item)).join(', ')}]`;
  }
  return 'a valid value';
}

/** A mapping inside a union is shown by its shape, `{ first: an integer >= 1 }`, to tell the options apart. */
function describeUnionOption(option: z.ZodType): string {
  const { inner } = unwrapSchema(option);
  if (inner instanceof z.ZodObject && option.description === undefined && inner.description === undefined) {
    const fields = Object.entries(inner.shape as Record<string, z.ZodType>).map(
      ([key, value]) => `${key}: ${describeSchema(value)}`,
    );
    return `{ ${fields.join(', ')} }`;
  }
  return describeSchema(option);
}

function describeKeys(object: z.ZodObject): string {
  const keys = Object.keys(object.shape);
  return keys.length === 1 ? `key ${keys[0]}` : `keys ${keys.join(', ')}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
