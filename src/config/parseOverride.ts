import YAML from 'yaml';
import { z } from 'zod';
import { I2xError } from '../util/I2xError.js';
import { configSchema } from './configSchema.js';
import { schemaAt } from './schemaAt.js';
import { unwrapSchema } from './unwrapSchema.js';

/**
 * Parses one `--set key.path=value` override. The value is read as a YAML scalar or flow value
 * (`3`, `1e-4`, `wasm`, `null`, `[[3,5]]`, `{first: 100}`); a key that only accepts text keeps the
 * text as written (`name=007` stays '007'). The key path must exist in the config schema.
 */
export function parseOverride(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    throw new I2xError('E_CONFIG', `--set ${text}: expected key.path=value, e.g. --set train.epochs=3`);
  }
  const keyPath = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  const path = keyPath.split('.');
  const index = path.findIndex((segment) => /^\d+$/.test(segment));
  if (index >= 0) {
    const list = path.slice(0, index).join('.');
    throw new I2xError('E_CONFIG', `--set ${text}: lists are replaced whole; set the whole list, e.g. --set ${list}=[...]`);
  }
  const lookup = schemaAt(configSchema, path);
  if (!lookup.found) {
    const level = lookup.at.length === 0 ? 'at the top level' : `in ${lookup.at.join('.')}`;
    const bad = path[lookup.at.length];
    const message =
      lookup.validKeys.length === 0
        ? `'${lookup.at.join('.')}' takes a value, not keys; use --set ${lookup.at.join('.')}=<value>`
        : `unknown key '${bad}' ${level}; expected one of: ${lookup.validKeys.join(', ')}`;
    throw new I2xError('E_CONFIG', `--set ${text}: ${message}`);
  }
  return { path, value: parseValue(text, raw, lookup.schema) };
}

function parseValue(text: string, raw: string, schema: z.ZodType): unknown {
  let value: unknown;
  try {
    value = YAML.parse(raw);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new I2xError('E_CONFIG', `--set ${text}: the value is not valid YAML: ${reason}`, { cause: err });
  }
  if (value !== null && typeof value !== 'string' && unwrapSchema(schema).inner instanceof z.ZodString) return raw;
  return value;
}
