import { z } from 'zod';

/**
 * Strips the wrappers that do not change what a key accepts besides null/undefined (default, prefault,
 * optional, nullable), and says whether null was among the accepted values.
 */
export function unwrapSchema(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    if (inner instanceof z.ZodNullable) nullable = true;
    if (
      inner instanceof z.ZodDefault ||
      inner instanceof z.ZodPrefault ||
      inner instanceof z.ZodOptional ||
      inner instanceof z.ZodNullable
    ) {
      inner = inner.unwrap() as z.ZodType;
    } else {
      return { inner, nullable };
    }
  }
}
