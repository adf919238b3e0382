import { z } from 'zod';
import { describeSchema } from './describeSchema.js';
import { mappingKeys, schemaAt } from './schemaAt.js';

/**
 * Turns zod issues into one line per problem: `<origin>: key.path: got <value>; expected <what is accepted>`.
 * `input` is the merged, not yet defaulted config (to quote what the user wrote); `originOf` names the file
 * (or `--set ...`) that set a key path.
 */
export function formatConfigIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  originOf: (path: readonly string[]) => string,
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const allowed = mappingKeys(schemaAtOrRoot(schema, path)).join(', ');
      const level = path.length === 0 ? 'the top level' : path.join('.');
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        lines.push(`${originOf(keyPath)}: ${keyPath.join('.')}: got unknown key '${key}'; expected one of the keys of ${level}: ${allowed}`);
      }
      continue;
    }
    const lookup = schemaAt(schema, path);
    const expected =
      issue.code === 'custom' || !lookup.found ? issue.message : describeSchema(lookup.schema);
    const got = renderGot(valueAt(input, path), lookup.found ? lookup.schema : undefined);
    lines.push(`${originOf(path)}: ${path.length === 0 ? '(top level)' : path.join('.')}: got ${got}; expected ${expected}`);
  }
  return [...new Set(lines)];
}

function schemaAtOrRoot(schema: z.ZodType, path: string[]): z.ZodType {
  const lookup = schemaAt(schema, path);
  return lookup.found ? lookup.schema : schema;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A key the user did not set is shown with its default, so "got null (the default)" explains itself. */
function renderGot(value: unknown, schema: z.ZodType | undefined): string {
  if (value !== undefined) return render(value);
  if (schema instanceof z.ZodDefault) return `${render(schema.def.defaultValue)} (the default)`;
  return 'nothing';
}

function render(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
