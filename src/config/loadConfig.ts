import { configSchema, type I2xConfig } from './configSchema.js';
import { mergeConfigLayer } from './mergeConfigLayer.js';
import { parseOverride } from './parseOverride.js';
import { readConfigLayers } from './readConfigLayers.js';
import { resolveConfig } from './resolveConfig.js';

export interface LoadedConfig {
  config: I2xConfig;
  /** what the config was built from, in the order applied: YAML files (absolute, base first), then `--set ...` */
  sources: string[];
}

/**
 * YAML file (+ the files it `extends`) + `--set key.path=value` overrides -> one fully defaulted config.
 * Throws E_CONFIG naming the file and key at fault; validation problems are all listed at once.
 */
export function loadConfig(path: string, overrides: string[] = []): LoadedConfig {
  const layers = readConfigLayers(path);
  const merged: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const layer of layers) mergeConfigLayer(configSchema, merged, layer.data, layer.source, origins);
  for (const text of overrides) {
    const { path: keyPath, value } = parseOverride(text);
    const layer = keyPath.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
    mergeConfigLayer(configSchema, merged, layer, `--set ${text}`, origins);
  }
  const entry = layers[layers.length - 1].source;
  const originOf = (keyPath: readonly string[]): string => {
    for (let n = keyPath.length; n > 0; n--) {
      const origin = origins.get(keyPath.slice(0, n).join('.'));
      if (origin !== undefined) return origin;
    }
    return entry;
  };
  const config = resolveConfig(merged, { label: entry, originOf });
  return {
    config,
    sources: [...layers.map((layer) => layer.file), ...overrides.map((text) => `--set ${text}`)],
  };
}
