import { describe, expect, it } from 'vitest';
import { i2xFinetunePipeline } from '../../pipelines/i2xFinetune.js';
import type { I2xConfig } from '../../src/config/configSchema.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { restrictedConfig } from '../../src/config/restrictedConfig.js';
import { stageFingerprint, type KeyEnvironment } from '../../src/stages/stageFingerprints.js';
import type { AnyStage } from '../../src/stages/Stage.js';
import { I2xError } from '../../src/util/I2xError.js';

/*
 * For every stage of the full pipeline (so a new stage is covered as soon as it is in the list): its key depends
 * on exactly its declared config keys, on the backend iff it uses the backend, on the data iff it uses the
 * datasets; and the config it receives holds exactly its declared keys.
 */
const stages = i2xFinetunePipeline();
const config = resolveConfig({ name: 'keys', data: { trainSubset: { perClass: 5 }, testSubset: { first: 40 } } });
const environment: KeyEnvironment = { backend: 'wasm', datasetDigest: () => 'd'.repeat(64) };

/** Every leaf key path of the config (values that are not mappings: numbers, strings, lists, null). */
function leafPaths(value: unknown, at: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [at.join('.')];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...at, key]));
}

/** A copy of `config` with the leaf at `path` set to another value (the key only hashes it, so any other value does). */
function changed(path: string): I2xConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let level = copy;
  for (const key of keys.slice(0, -1)) level = level[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  const value = level[last];
  level[last] =
    typeof value === 'number' ? value + 1 : typeof value === 'string' ? `${value}-other` : typeof value === 'boolean' ? !value : Array.isArray(value) ? [...value, 'other'] : 'other';
  return copy as unknown as I2xConfig;
}

const covers = (stage: AnyStage, path: string) => stage.configKeys.some((key) => path === key || path.startsWith(`${key}.`));
/** Input fingerprints held fixed, so only the stage's own parts vary. */
const inputs = new Map(stages.map((stage) => [stage.name, `${stage.name}-input`.padEnd(64, '0')]));
const key = (stage: AnyStage, cfg: I2xConfig, env: KeyEnvironment = environment) => stageFingerprint(stage, cfg, env, inputs);
const leaves = leafPaths(config);

describe.each(stages.map((stage) => [stage.name, stage] as const))('the key of stage %s', (_name, stage) => {
  it('changes with every config key it declares, and with no other', () => {
    const base = key(stage, config);
    const moved = leaves.filter((path) => key(stage, changed(path)) !== base);
    expect(moved).toEqual(leaves.filter((path) => covers(stage, path)));
    for (const declared of stage.configKeys) expect(moved.some((path) => path === declared || path.startsWith(`${declared}.`)), declared).toBe(true);
  });

  it('names the backend iff it computes with tfjs, and the data iff it reads the datasets', () => {
    const base = key(stage, config);
    const uses = stage.uses ?? [];
    expect(key(stage, config, { ...environment, backend: 'cpu' }) !== base).toBe(uses.includes('backend'));
    expect(key(stage, config, { ...environment, datasetDigest: () => 'e'.repeat(64) }) !== base).toBe(uses.includes('datasets'));
  });

  it('holds the worker count whenever it declares it, 1 included', () => {
    const withWorkers = (workers: number) => key(stage, { ...config, workers });
    expect(withWorkers(1) !== withWorkers(2)).toBe(stage.configKeys.includes('workers'));
  });

  it('receives exactly its declared keys, and an undeclared one throws E_STAGE naming it and the stage', () => {
    const slice = restrictedConfig(config, stage.configKeys, stage.name) as unknown as Record<string, unknown>;
    const received = leafPaths(JSON.parse(JSON.stringify(slice)));
    expect(received.sort()).toEqual(leaves.filter((path) => covers(stage, path)).sort());
    const undeclared = leaves.find((path) => !covers(stage, path));
    if (undeclared === undefined) return; // the database stage declares the whole config
    const read = () => undeclared.split('.').reduce<unknown>((level, part) => (level as Record<string, unknown>)[part], slice);
    expect(read).toThrow(I2xError);
    // the key named is the first level of the path that holds no declared key
    const parts = undeclared.split('.');
    const named = parts.slice(0, parts.findIndex((_, i) => !stage.configKeys.some((k) => `${k}.`.startsWith(`${parts.slice(0, i + 1).join('.')}.`))) + 1).join('.');
    expect(read).toThrow(`stage '${stage.name}' read the config key '${named}', which is not in its configKeys`);
  });
});
