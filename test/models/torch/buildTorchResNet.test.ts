import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { gradCam } from '../../../src/explain/gradCam.js';
import { ModelGraph } from '../../../src/models/ModelGraph.js';
import { buildTorchResNet } from '../../../src/models/torch/buildTorchResNet.js';
import { readTorchTensors } from '../../../src/models/torch/readTorchTensors.js';
import type { TorchResNetArch } from '../../../src/models/torch/torchResNetSpecs.js';
import { maxRelativeError } from '../../helpers/numeric.js';
import { fixtureJson, fixturePath } from './torchFixtures.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

interface Expected {
  imagesShape: [number, number, number, number];
  logits: number[][];
  targets: number[];
  mapsShape: [number, number, number];
  maps: number[];
}

/** The fixture images, NCHW as PyTorch saw them, as the NHWC batch i2x models take. */
function images(shape: [number, number, number, number]): tf.Tensor4D {
  const raw = readFileSync(fixturePath('images.f32'));
  const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return tf.tidy(() => tf.tensor4d(values, shape).transpose([0, 2, 3, 1]) as tf.Tensor4D);
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) { ab += (a[i] - ma) * (b[i] - mb); aa += (a[i] - ma) ** 2; bb += (b[i] - mb) ** 2; }
  return ab / Math.sqrt(aa * bb);
}

/** fixture, its file, the arch, and the layer that is the output of layer2's last block (where PyTorch's Grad-CAM was taken) */
const CASES: [string, string, TorchResNetArch, string][] = [
  ['tv_resnet18', 'tv_resnet18.pt', 'torchvision-resnet18', 'stage2_block2_out'],
  ['tv_resnet18', 'tv_resnet18.safetensors', 'torchvision-resnet18', 'stage2_block2_out'],
  ['cifar_resnet20', 'cifar_resnet20.pt', 'cifar-resnet20', 'stage2_block3_out'],
  ['cifar_resnet20', 'cifar_resnet20.safetensors', 'cifar-resnet20', 'stage2_block3_out'],
  ['tv_resnet50', 'tv_resnet50.safetensors', 'torchvision-resnet50', 'stage2_block4_out'],
];

describe('buildTorchResNet against PyTorch', () => {
  it.each(CASES)("%s (%s as %s): logits to 1e-4 relative and Grad-CAM at %s to correlation > 0.9999", (fixture, file, arch, layer) => {
    const expected = fixtureJson<Expected>(`${fixture}.expected.json`);
    const x = images(expected.imagesShape);
    const [, c, h, w] = expected.imagesShape;
    const model = buildTorchResNet({ arch, tensors: readTorchTensors(fixturePath(file)), inputShape: [h, w, c], source: file });
    try {
      const graph = ModelGraph.fromModel(model);
      const before = tf.memory().numTensors;
      const targets = tf.tensor1d(expected.targets, 'int32');
      const { maps, logits } = gradCam(graph, x, layer, targets);
      const predicted = model.predict(x) as tf.Tensor2D;
      expect(maps.shape).toEqual(expected.mapsShape);
      // relative to each image's largest logit: a logit near 0 has no meaningful relative error of its own
      const torchLogits = expected.logits;
      const ours = logits.arraySync();
      const viaPredict = predicted.arraySync();
      torchLogits.forEach((row, i) => {
        expect(maxRelativeError(ours[i], row)).toBeLessThan(1e-4);
        expect(maxRelativeError(viaPredict[i], row)).toBeLessThan(1e-4);
      });
      const ourMaps = maps.dataSync();
      const per = expected.mapsShape[1] * expected.mapsShape[2];
      for (let i = 0; i < expected.targets.length; i++) {
        const mine = ourMaps.subarray(i * per, (i + 1) * per);
        const theirs = expected.maps.slice(i * per, (i + 1) * per);
        expect(pearson(mine, theirs)).toBeGreaterThan(0.9999);
        expect(maxRelativeError(mine, theirs)).toBeLessThan(1e-3);
      }
      tf.dispose([maps, logits, predicted, targets]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
      x.dispose();
    }
  });

  it('leaves no tensors behind when building and disposing a model', () => {
    const tensors = readTorchTensors(fixturePath('cifar_resnet20.safetensors'));
    const build = () => buildTorchResNet({ arch: 'cifar-resnet20', tensors, inputShape: [24, 24, 3], source: 'c' }).dispose();
    build();
    const before = tf.memory().numTensors;
    build();
    build();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("buildTorchResNet takes a wrapped model's state_dict", () => {
  it("drops the 'module.' (DataParallel) and '_orig_mod.' (torch.compile) prefixes every key carries, to the same weights", () => {
    const plain = readTorchTensors(fixturePath('cifar_resnet20.safetensors'));
    const wrapped = new Map([...plain].map(([k, v]) => [`_orig_mod.module.${k}`, v]));
    const x = tf.randomNormal([1, 24, 24, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const [a, b] = [plain, wrapped].map((tensors) => {
      const model = buildTorchResNet({ arch: 'cifar-resnet20', tensors, inputShape: [24, 24, 3], source: 's' });
      try {
        return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync().slice());
      } finally {
        model.dispose();
      }
    });
    expect(Array.from(b)).toEqual(Array.from(a));
    x.dispose();
    // a prefix on only some keys is a mismatch, not a wrapper
    const partly = new Map([...plain].map(([k, v], i) => [i === 0 ? `module.${k}` : k, v]));
    expect(() => buildTorchResNet({ arch: 'cifar-resnet20', tensors: partly, inputShape: [24, 24, 3], source: 'p' })).toThrow(/1 missing \(conv1\.weight\); 1 unexpected \(module\.conv1\.weight\)/);
  });
});

describe('buildTorchResNet refuses a state_dict that does not fit', () => {
  const build = (file: string, arch: TorchResNetArch, inputShape: [number, number, number] = [24, 24, 3]) => () =>
    buildTorchResNet({ arch, tensors: readTorchTensors(fixturePath(file)), inputShape, source: file });

  it('of another architecture: lists missing and unexpected keys and the arch tried', () => {
    expect(build('other_arch.pt', 'torchvision-resnet18')).toThrow(
      /'other_arch\.pt' does not fit model\.arch 'torchvision-resnet18': of its 6 tensors, \d+ missing \(conv1\.weight, bn1\.weight, .*\); 6 unexpected \(features\.0\.weight, .*no conv1\.weight.*Supported: model\.arch one of torchvision-resnet18, /,
    );
  });

  it('of another ResNet layout: names the arch the keys look like', () => {
    expect(build('cifar_resnet20.pt', 'torchvision-resnet18')).toThrow(/conv1\.weight is \[3, 3, 3, 3\], expected \[3, 3, 7, 7\].*look like a cifar stem with basic blocks \[3, 3, 3\] per layer: model\.arch 'cifar-resnet20'/);
    expect(build('tv_resnet18.pt', 'torchvision-resnet50')).toThrow(/missing \(layer1\.0\.conv3\.weight.*look like a torchvision stem with basic blocks \[2, 2, 2, 2\] per layer: model\.arch 'torchvision-resnet18'/);
  });

  it('with a layer type the layouts do not have (a biased convolution), saying what is supported', () => {
    const tensors = readTorchTensors(fixturePath('cifar_resnet20.safetensors'));
    tensors.set('conv1.bias', { shape: [3], values: new Float32Array(3) });
    expect(() => buildTorchResNet({ arch: 'cifar-resnet20', tensors, inputShape: [24, 24, 3], source: 'bias.pt' })).toThrow(
      /'bias\.pt' does not fit model\.arch 'cifar-resnet20': of its \d+ tensors, 1 unexpected \(conv1\.bias\)\. .*Supported: .*Conv2d \(no bias\), BatchNorm2d/,
    );
  });

  it('for images of another channel count', () => {
    expect(build('cifar_resnet20.safetensors', 'cifar-resnet20', [24, 24, 1])).toThrow(/conv1\.weight is \[3, 3, 3, 3\], expected \[3, 1, 3, 3\]/);
  });
});
