import { I2xError } from '../util/I2xError.js';
import { configSchema, type I2xConfig } from './configSchema.js';
import { schemaAt } from './schemaAt.js';

/**
 * Picks key paths (`'train.epochs'`, `'analysis.prototypes'`) out of a resolved config, as
 * `{ 'train.epochs': 3, ... }`: the part of the config a stage depends on, for its fingerprint.
 * A key path the schema does not have is an error (a typo would silently leave a key out of the cache key).
 * A key under a null value (`data.trainSubset.first` when trainSubset is null) is null.
 */
export function configSlice(config: I2xConfig, keyPaths: readonly string[]): Record<string, unknown> {
  const slice: Record<string, unknown> = {};
  for (const keyPath of keyPaths) {
    const path = keyPath.split('.');
    const lookup = schemaAt(configSchema, path);
    if (!lookup.found) {
      const level = lookup.at.length === 0 ? 'the top level' : lookup.at.join('.');
      throw new I2xError(
        'E_CONFIG',
        `unknown config key path '${keyPath}'; keys of ${level}: ${lookup.validKeys.join(', ') || '(none: it is a value)'}`,
      );
    }
    let value: unknown = config;
    for (const key of path) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    slice[keyPath] = value ?? null;
  }
  return slice;
}
