import { I2xError } from '../util/I2xError.js';
import { configSchema, type I2xConfig } from './configSchema.js';
import type { ConfigKeyPath, ConfigSliceOf } from './ConfigKeyPath.js';
import { configSlice } from './configSlice.js';
import { schemaAt } from './schemaAt.js';

/**
 * The config as a stage may see it: a copy holding only the key paths in `keyPaths` (what its fingerprint
 * covers), so a key it did not declare cannot reach its output. Reading an undeclared config key (at any depth
 * above a declared path) throws E_STAGE naming the key and the stage; names that are no config key read as
 * undefined (so JSON.stringify and test matchers can probe the object). Below a declared path the values are
 * plain copies.
 */
export function restrictedConfig<K extends readonly ConfigKeyPath[]>(config: I2xConfig, keyPaths: K, stageName: string): ConfigSliceOf<K> {
  const slice = configSlice(config, keyPaths);
  const root: Record<string, unknown> = {};
  for (const keyPath of keyPaths) {
    const path = keyPath.split('.');
    let level = root;
    for (const key of path.slice(0, -1)) {
      if (!Object.hasOwn(level, key)) level[key] = {};
      level = level[key] as Record<string, unknown>;
    }
    level[path[path.length - 1]] = structuredClone(slice[keyPath]);
  }
  return guard(root, [], { keyPaths, stageName }) as ConfigSliceOf<K>;
}

interface Declared {
  readonly keyPaths: readonly string[];
  readonly stageName: string;
}

/** Wraps the levels of `level` that hold only part of their keys, throwing on an undeclared config key. */
function guard(level: Record<string, unknown>, at: readonly string[], declared: Declared): Record<string, unknown> {
  const prefix = at.join('.');
  const whole = declared.keyPaths.includes(prefix);
  if (whole) return level;
  for (const [key, value] of Object.entries(level)) {
    const path = [...at, key];
    if (!declared.keyPaths.includes(path.join('.')) && value !== null && typeof value === 'object') level[key] = guard(value as Record<string, unknown>, path, declared);
  }
  return new Proxy(level, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || Object.hasOwn(target, key)) return Reflect.get(target, key, receiver);
      const path = [...at, key];
      if (!schemaAt(configSchema, path).found) return Reflect.get(target, key, receiver);
      throw new I2xError(
        'E_STAGE',
        `stage '${declared.stageName}' read the config key '${path.join('.')}', which is not in its configKeys (${declared.keyPaths.join(', ') || 'none'}); ` +
          'declare it so its fingerprint covers it',
      );
    },
    set(_target, key) {
      throw new I2xError('E_STAGE', `stage '${declared.stageName}' tried to change the config key '${[...at, String(key)].join('.')}'; the config a stage receives is read-only`);
    },
  });
}
