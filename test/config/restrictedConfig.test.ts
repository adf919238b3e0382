import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { restrictedConfig } from '../../src/config/restrictedConfig.js';
import type { ConfigKeyPath } from '../../src/config/ConfigKeyPath.js';
import { defineStage } from '../../src/stages/Stage.js';
import { I2xError } from '../../src/util/I2xError.js';

const config = resolveConfig({ name: 'slice', analysis: { ridge: { lambda: 0.5 } } });

describe('restrictedConfig', () => {
  const slice = restrictedConfig(config, ['analysis.ridge', 'seed'], 'ridge');

  it('holds the declared key paths with their values, nested as in the config, and nothing else', () => {
    expect(slice.analysis.ridge).toEqual(config.analysis.ridge);
    expect(slice.analysis.ridge.lambda).toBe(0.5);
    expect(slice.seed).toBe(0);
    expect(JSON.parse(JSON.stringify(slice))).toEqual({ seed: 0, analysis: { ridge: config.analysis.ridge } });
    expect(Object.keys(slice)).toEqual(['analysis', 'seed']);
  });

  it('throws E_STAGE naming the key, the stage and its keys on an undeclared config key, at any level', () => {
    const bag = slice as unknown as Record<string, Record<string, unknown>>;
    expect(() => bag.workers).toThrow("stage 'ridge' read the config key 'workers', which is not in its configKeys (analysis.ridge, seed); declare it so its fingerprint covers it");
    expect(() => bag.analysis.prototypes).toThrow("stage 'ridge' read the config key 'analysis.prototypes', which is not in its configKeys");
    const thrown = (() => {
      try {
        void bag.data;
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(I2xError);
    expect((thrown as I2xError).code).toBe('E_STAGE');
  });

  it('reads names that are no config key as undefined (JSON.stringify, matchers and await probe them) and refuses writes', () => {
    const bag = slice as unknown as Record<string, unknown>;
    expect(bag.then).toBeUndefined();
    expect(bag.toJSON).toBeUndefined();
    expect(() => {
      bag.workers = 3;
    }).toThrow(/tried to change the config key 'workers'/);
  });

  it('is a copy: changing it does not change the config', () => {
    const own = restrictedConfig(config, ['finetune.pairs'], 'curation');
    (own.finetune.pairs as number[][]).push([0, 1]);
    expect(config.finetune.pairs).toEqual(resolveConfig({ name: 'slice' }).finetune.pairs);
  });

  it('types the slice by the declared keys: an undeclared key is a type error (checked by npm test\'s tsc)', () => {
    const stage = defineStage({
      name: 'typed',
      version: 1,
      configKeys: ['train.epochs', 'seed'],
      inputs: [],
      async run(ctx) {
        const epochs: number = ctx.config.train.epochs + ctx.config.seed;
        // @ts-expect-error: train.lr is not among its configKeys
        void ctx.config.train.lr;
        // @ts-expect-error: neither is workers
        void ctx.config.workers;
        return { summary: { epochs } };
      },
    });
    // @ts-expect-error: a key path the config does not have
    const typo: ConfigKeyPath = 'train.epoch';
    expect([stage.configKeys, typo]).toEqual([['train.epochs', 'seed'], 'train.epoch']);
  });
});
