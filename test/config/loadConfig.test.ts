import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { I2xError } from '../../src/util/I2xError.js';
import { writeConfigFiles } from './writeConfigFiles.js';

function loadError(path: string, overrides: string[] = []): I2xError {
  try {
    loadConfig(path, overrides);
  } catch (err) {
    expect(err).toBeInstanceOf(I2xError);
    expect((err as I2xError).code).toBe('E_CONFIG');
    return err as I2xError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('resolves an empty file to the defaults', () => {
    const dir = writeConfigFiles({ 'empty.yaml': '' });
    const { config, sources } = loadConfig(join(dir, 'empty.yaml'));
    expect(config.name).toBe('quickstart');
    expect(config.analysis.prototypes.k).toBe(8);
    expect(sources).toEqual([join(dir, 'empty.yaml')]);
  });

  it('follows an extends chain: mappings merge, lists and union values are replaced', () => {
    const dir = writeConfigFiles({
      'base.yaml': 'name: base\ntrain: {epochs: 4, batchSize: 32}\ndata: {trainSubset: {perClass: 10}}\nfinetune: {pairs: [[1, 2], [3, 4]]}\n',
      'middle.yaml': 'extends: base.yaml\ntrain: {epochs: 5}\nseed: 3\n',
      'top.yaml': 'extends: ./middle.yaml\nname: top\ndata: {trainSubset: {first: 100}}\nfinetune: {pairs: [[5, 6]]}\n',
    });
    const { config, sources } = loadConfig(join(dir, 'top.yaml'));
    expect(config.name).toBe('top');
    expect(config.seed).toBe(3);
    expect(config.train.epochs).toBe(5);
    expect(config.train.batchSize).toBe(32);
    expect(config.data.trainSubset).toEqual({ first: 100 });
    expect(config.finetune.pairs).toEqual([[5, 6]]);
    expect(sources).toEqual(['base.yaml', 'middle.yaml', 'top.yaml'].map((f) => join(dir, f)));
  });

  it('applies --set overrides parsed as YAML values', () => {
    const dir = writeConfigFiles({ 'c.yaml': 'data: {trainSubset: {perClass: 10}}\n' });
    const { config, sources } = loadConfig(join(dir, 'c.yaml'), [
      'train.epochs=9',
      'analysis.uncertain.pairs=[[3,5]]',
      'backend=wasm',
      'train.lr=1e-4',
      'data.path=/x',
      'name=007',
      'data.trainSubset.first=100',
      'analysis.saliency.target=4',
    ]);
    expect(config.train.epochs).toBe(9);
    expect(config.analysis.uncertain.pairs).toEqual([[3, 5]]);
    expect(config.backend).toBe('wasm');
    expect(config.train.lr).toBe(1e-4);
    expect(config.data.path).toBe('/x');
    expect(config.name).toBe('007');
    expect(config.data.trainSubset).toEqual({ first: 100 });
    expect(config.analysis.saliency.target).toBe(4);
    expect(sources.at(-1)).toBe('--set analysis.saliency.target=4');
  });

  it('rejects an override with an unknown key path, listing the keys at that level', () => {
    const dir = writeConfigFiles({ 'c.yaml': '' });
    const message = loadError(join(dir, 'c.yaml'), ['analysis.uncertain.treshold=0.1']).message;
    expect(message).toContain('analysis.uncertain.treshold');
    expect(message).toContain("unknown key 'treshold' in analysis.uncertain; expected one of: threshold, scale, minSignChanges, pairs");
    expect(loadError(join(dir, 'c.yaml'), ['epochs=3']).message).toContain('at the top level; expected one of: name, seed,');
    expect(loadError(join(dir, 'c.yaml'), ['train.epochs']).message).toContain('expected key.path=value');
    expect(loadError(join(dir, 'c.yaml'), ['seed.x=1']).message).toContain("'seed' takes a value, not keys");
  });

  it('names the file or override that set a bad value, and lists every problem', () => {
    const dir = writeConfigFiles({
      'base.yaml': 'workers: 99\n',
      'top.yaml': 'extends: base.yaml\nmodel: {arch: vgg}\ndata: {sizes: 3}\n',
    });
    const message = loadError(join(dir, 'top.yaml'), ['train.batchSize=0']).message;
    expect(message).toContain('4 problems');
    expect(message).toMatch(/base\.yaml: workers: got 99; expected an integer in 1\.\.16/);
    expect(message).toMatch(/top\.yaml: model\.arch: got "vgg"; expected one of 'resnet8'/);
    expect(message).toMatch(/top\.yaml: data\.sizes: got unknown key 'sizes'; expected one of the keys of data: dataset, path, trainSubset, testSubset, valFraction/);
    expect(message).toContain('--set train.batchSize=0: train.batchSize: got 0; expected an integer in 1..65536');
  });

  it('detects a cycle in extends', () => {
    const dir = writeConfigFiles({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: c.yaml\n', 'c.yaml': 'extends: a.yaml\n' });
    const message = loadError(join(dir, 'a.yaml')).message;
    expect(message).toContain('extends cycle');
    expect(message).toMatch(/a\.yaml -> .*b\.yaml -> .*c\.yaml -> .*a\.yaml/);
  });

  it('names the file for a missing file, a missing parent and a YAML syntax error (with its line)', () => {
    const dir = writeConfigFiles({
      'orphan.yaml': 'extends: nowhere.yaml\n',
      'broken.yaml': 'name: x\ntrain:\n  epochs: [1, 2\nseed: 1\n',
      'list.yaml': '- 1\n- 2\n',
    });
    expect(loadError(join(dir, 'missing.yaml')).message).toMatch(/missing\.yaml not found/);
    expect(loadError(join(dir, 'orphan.yaml')).message).toMatch(/nowhere\.yaml \(extended by .*orphan\.yaml\) not found/);
    expect(loadError(join(dir, 'broken.yaml')).message).toMatch(/broken\.yaml: YAML syntax error at line \d+, column \d+: /);
    expect(loadError(join(dir, 'list.yaml')).message).toContain('got a list at the top level; expected a mapping');
  });
});
