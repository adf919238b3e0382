import { describe, expect, it } from 'vitest';
import { configSlice } from '../../src/config/configSlice.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';

describe('configSlice', () => {
  const config = resolveConfig({});

  it('picks values and subtrees by key path', () => {
    expect(configSlice(config, ['train.epochs', 'analysis.ridge', 'data.path'])).toEqual({
      'train.epochs': 6,
      'analysis.ridge': { lambda: 1, missing: 'zero' },
      'data.path': null,
    });
    expect(configSlice(config, ['data.testSubset.perClass'])).toEqual({ 'data.testSubset.perClass': null });
  });

  it('rejects a key path the schema does not have', () => {
    expect(() => configSlice(config, ['train.epoch'])).toThrow(/unknown config key path 'train.epoch'; keys of train: source, load, epochs/);
  });
});
