import { describe, expect, it } from 'vitest';
import { i2xFinetunePipeline } from '../../pipelines/i2xFinetune.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { stageFingerprint } from '../../src/stages/stageFingerprints.js';
import { I2xError } from '../../src/util/I2xError.js';

const train = i2xFinetunePipeline().find((stage) => stage.name === 'train')!;
const environment = { backend: 'wasm', datasetDigest: () => 'd'.repeat(64) };
const trainKey = (path: string, overrides: string[] = []) => stageFingerprint(train, loadConfig(path, overrides).config, environment, new Map());

describe('train.checkpoints.geometric (issue 15)', () => {
  it('leaves the training key of a config without it as it was before the option existed', () => {
    // computed on main at 5bd45a7, before `geometric` was added to the schema, with the same backend and digest
    expect(trainKey('configs/quickstart.yaml')).toBe('0cbddeed48b59d89d9c2a5fbb25bb1a6732606da19abc0934631b253d2e4c677');
    expect(trainKey('configs/mnist-resnet.yaml')).toBe('aa74f1989ef1e08b160d545a9c3ba41ba013b9da2419a574ae9476c413488639');
  });

  it('is part of the training key when set, and is validated with the key named', () => {
    const set = trainKey('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 8, factor: 2}']);
    expect(set).not.toBe(trainKey('configs/quickstart.yaml'));
    expect(loadConfig('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 8, factor: 2}']).config.train.checkpoints.geometric).toEqual({ first: 8, factor: 2 });
    expect(() => loadConfig('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 8, factor: 1}'])).toThrow(I2xError);
    expect(() => loadConfig('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 8, factor: 1}'])).toThrow(/train\.checkpoints\.geometric\.factor/);
    expect(() => loadConfig('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 8}'])).toThrow(/geometric\.factor/);
  });
});
