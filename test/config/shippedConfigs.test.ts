import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';

const configsDir = join(import.meta.dirname, '..', '..', 'configs');
const shipped = readdirSync(configsDir).filter((file) => file.endsWith('.yaml'));

describe('shipped configs', () => {
  it.each(shipped.filter((file) => file !== 'cifar10-resnet.yaml'))('%s validates', (file) => {
    const { config } = loadConfig(join(configsDir, file));
    expect(`${config.name}.yaml`).toBe(file);
  });

  it('include the four experiments', () => {
    expect(shipped).toEqual(
      expect.arrayContaining(['quickstart.yaml', 'mnist-resnet.yaml', 'fashion-mnist-resnet.yaml', 'cifar10-resnet.yaml']),
    );
  });

  it('quickstart is the defaults but for its checkpoints; mnist-resnet is the full paper setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'i2x-quickstart-'));
    try {
      writeFileSync(join(dir, 'bare.yaml'), 'name: quickstart\n');
      const defaults = loadConfig(join(dir, 'bare.yaml'), ['train.checkpoints.everyEpochs=null', 'train.checkpoints.geometric={first: 8, factor: 2}']).config;
      expect(loadConfig(join(configsDir, 'quickstart.yaml')).config).toEqual(defaults);
      expect(loadConfig(join(dir, 'bare.yaml')).config.train.checkpoints.everyEpochs).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { config } = loadConfig(join(configsDir, 'mnist-resnet.yaml'));
    expect(config.data.trainSubset).toBeNull();
    expect(config.analysis.prototypes.k).toBe(32);
    expect(config.analysis.uncertain.pairs).toEqual([[2, 7]]);
  });

  it('cifar10-resnet needs data.path and passes once it is set', () => {
    const path = join(configsDir, 'cifar10-resnet.yaml');
    expect(() => loadConfig(path)).toThrow(/cifar10-resnet\.yaml: data\.path: got null \(the default\); expected the path of the cifar-10-batches-bin directory/);
    // a key nobody set is blamed on the file that introduced its mapping, not on a later --set into it
    expect(() => loadConfig(path, ['data.valFraction=0.2'])).toThrow(/cifar10-resnet\.yaml: data\.path: got null/);
    const { config } = loadConfig(path, ['data.path=/x']);
    expect(config.data.path).toBe('/x');
    expect(config.model.arch).toBe('resnet20');
    expect(config.analysis.prototypes.k).toBe(128);
    expect(config.analysis.uncertain.pairs).toEqual([[3, 5]]);
    expect(config.train.augment).toBe(true);
  });
});
