import { I2xError } from '../util/I2xError.js';

/**
 * Checks that `json` is a serialised model of the expected `kind` and `version` (as written by a fitted
 * model's `toJSON`), and returns it as a record for the model's own field checks.
 */
export function assertModelJson(json: unknown, kind: string, version: number): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new I2xError('E_ANALYSIS', `load: expected a JSON object of kind '${kind}', got ${describe(json)}`);
  }
  const record = json as Record<string, unknown>;
  if (record.kind !== kind) {
    throw new I2xError(
      'E_ANALYSIS',
      `load: expected kind '${kind}', got ${describe(record.kind)}; pass JSON written by ${kind}.toJSON()`,
    );
  }
  if (record.version !== version) {
    throw new I2xError(
      'E_ANALYSIS',
      `load: ${kind} version ${describe(record.version)} is not supported; expected version ${version}`,
    );
  }
  return record;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}
