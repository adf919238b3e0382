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
    // computed on main at 5bd45a7, before `geometric` was added to the schema, with the same backend and digest: the
    // quick start with the built-in checkpoints (it has had geometric ones since 2026-12-04), and full MNIST with a
    // checkpoint every half epoch (configs/mnist-resnet.yaml until then, now configs/mnist-resnet-halfepoch.yaml)
    expect(trainKey('configs/quickstart.yaml', ['train.checkpoints.everyEpochs=1', 'train.checkpoints.geometric=null'])).toBe('0cbddeed48b59d89d9c2a5fbb25bb1a6732606da19abc0934631b253d2e4c677');
    expect(trainKey('configs/mnist-resnet-halfepoch.yaml')).toBe('aa74f1989ef1e08b160d545a9c3ba41ba013b9da2419a574ae9476c413488639');
    // the configs of documented runs that extend it keep their keys (computed on main at 0c1f5ef)
    expect(trainKey('configs/mnist-shortcut.yaml')).toBe('3c3c6a842e8c009ae09e7f19a205cb8968f1ba2e9878399b393c1a4e9ac65fc5');
    expect(trainKey('configs/mnist-decoy.yaml')).toBe('efb1bfe567bcf54bea94c3b4892ca2bb05732a765f2cdb2b0b85fa67bc415a6c');
    expect(trainKey('configs/mnist-geometric-halfepoch.yaml')).toBe('de6433ec922034f5f81d0fc1baf0ed542a9c45eeba392b04e01b75bbd77aa40b');
    expect(trainKey('configs/mnist-planted-curation.yaml')).toBe('abe916e2f448ed1ee5115ca8729496219b40458f4bd48c67aaf8a984822cb3e2');
  });

  it('is the quick start\'s and full MNIST\'s schedule, { first: 8, factor: 2 } with no checkpoint per epoch', () => {
    for (const path of ['configs/quickstart.yaml', 'configs/mnist-resnet.yaml']) {
      const { checkpoints } = loadConfig(path).config.train;
      expect(checkpoints).toEqual({ everySteps: null, everyEpochs: null, geometric: { first: 8, factor: 2, nearLast: 'replace' }, first: true, last: true });
    }
  });

  it('is taken out by null, as a config that `extends` one with it needs', () => {
    expect(loadConfig('configs/quickstart.yaml', ['train.checkpoints.geometric=null']).config.train.checkpoints).not.toHaveProperty('geometric');
    expect(() => loadConfig('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 8, factor: 2, nearLast: drop}'])).toThrow(/geometric\.nearLast/);
  });

  it('is part of the training key when set, and is validated with the key named', () => {
    const set = trainKey('configs/mnist-resnet-halfepoch.yaml', ['train.checkpoints.geometric={first: 8, factor: 2}']);
    expect(set).not.toBe(trainKey('configs/mnist-resnet-halfepoch.yaml'));
    expect(trainKey('configs/quickstart.yaml', ['train.checkpoints.geometric={first: 4, factor: 2}'])).not.toBe(trainKey('configs/quickstart.yaml'));
    expect(trainKey('configs/quickstart.yaml', ['train.checkpoints.geometric.nearLast=keep'])).not.toBe(trainKey('configs/quickstart.yaml'));
    expect(loadConfig('configs/mnist-resnet-halfepoch.yaml', ['train.checkpoints.geometric={first: 8, factor: 2}']).config.train.checkpoints.geometric).toEqual({ first: 8, factor: 2, nearLast: 'replace' });
    expect(() => loadConfig('configs/mnist-resnet-halfepoch.yaml', ['train.checkpoints.geometric={first: 8, factor: 1}'])).toThrow(I2xError);
    expect(() => loadConfig('configs/mnist-resnet-halfepoch.yaml', ['train.checkpoints.geometric={first: 8, factor: 1}'])).toThrow(/train\.checkpoints\.geometric\.factor/);
    expect(() => loadConfig('configs/mnist-resnet-halfepoch.yaml', ['train.checkpoints.geometric={first: 8}'])).toThrow(/geometric\.factor/);
  });
});
