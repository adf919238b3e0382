import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import type { Dataset } from '../../../src/data/Dataset.js';
import { importCheckpoints } from '../../../src/models/importCheckpoints.js';
import { loadCheckpoint } from '../../../src/models/loadCheckpoint.js';
import { maxRelativeError } from '../../helpers/numeric.js';
import { expectI2xRejection, useRunDirs } from '../fixtures/trainFixtures.js';
import { fixtureJson, fixturePath } from './torchFixtures.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const tempRunDir = useRunDirs();
const expected = fixtureJson<{ imagesShape: [number, number, number, number]; logits: number[][] }>('cifar_resnet20.expected.json');
const [count, channels, height, width] = expected.imagesShape;
const MEAN = 0.5;
const STD = 0.1;

/** The fixture images as an i2x test set: stored in [0, 1] as MEAN + STD * x, so that normalising gives back PyTorch's x (NHWC). */
function fixtureDataset(labels: number[]): Dataset {
  const raw = readFileSync(fixturePath('images.f32'));
  const nchw = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const images = new Float32Array(nchw.length);
  for (let n = 0; n < count; n++)
    for (let c = 0; c < channels; c++)
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) images[((n * height + y) * width + x) * channels + c] = MEAN + STD * nchw[((n * channels + c) * height + y) * width + x];
  return {
    name: 'torch-fixture',
    split: 'test',
    count,
    height,
    width,
    channels,
    images,
    labels: Int32Array.from(labels),
    classNames: expected.logits[0].map((_, i) => `class${i}`),
    normalization: { mean: [MEAN, MEAN, MEAN], std: [STD, STD, STD] },
    sourceIndex: Int32Array.from({ length: count }, (_, i) => i),
  };
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));

describe('importCheckpoints with PyTorch files', () => {
  it('imports .pt and .safetensors as model.arch, evaluates them as PyTorch would, and saves i2x checkpoints that reload to the same logits', async () => {
    // image 0 labelled with PyTorch's prediction, image 1 with another class: PyTorch's test accuracy is 1/2
    const labels = [argmax(expected.logits[0]), (argmax(expected.logits[1]) + 1) % expected.logits[1].length];
    const test = fixtureDataset(labels);
    const runDir = tempRunDir();
    const paths = [fixturePath('cifar_resnet20.pt'), fixturePath('cifar_resnet20.safetensors')];
    const options = { paths, arch: 'cifar-resnet20', runDir, classes: 7, test, batchSize: 2 };
    const { checkpoints } = await importCheckpoints(options);
    expect(checkpoints.map((c) => [c.name, c.step, c.epoch, c.testAccuracy])).toEqual([
      ['import-000', 0, -1, 0.5],
      ['import-001', 1, -1, 0.5],
    ]);
    expect(checkpoints[0].source).toEqual({ kind: 'imported', path: paths[0] });
    expect(checkpoints[0].weightsSha256).toBe(checkpoints[1].weightsSha256);

    const { model } = await loadCheckpoint(join(runDir, 'import-000'));
    try {
      const x = tf.tidy(() => tf.tensor4d(test.images, [count, height, width, channels]).sub(MEAN).div(STD));
      const logits = (model.predict(x) as tf.Tensor2D).arraySync();
      logits.forEach((row, i) => expect(maxRelativeError(row, expected.logits[i])).toBeLessThan(1e-4));
      tf.dispose(x);
    } finally {
      model.dispose();
    }
    // the same files read as another arch are another run
    expect((await importCheckpoints(options)).checkpoints).toEqual(checkpoints);
    await expectI2xRejection(importCheckpoints({ ...options, arch: 'cifar-resnet18' }), 'E_CHECKPOINT', runDir, 'another run');
  });

  it('asks for a PyTorch model.arch, naming the one the keys show', async () => {
    await expectI2xRejection(
      importCheckpoints({ paths: [fixturePath('cifar_resnet20.pt')], arch: 'resnet8', runDir: tempRunDir(), classes: 7, test: fixtureDataset([0, 0]), batchSize: 2 }),
      'E_CONFIG',
      "model.arch must name its layout: one of torchvision-resnet18",
      "(it is 'resnet8')",
      "model.arch 'cifar-resnet20'",
    );
  });

  it('refuses a model of another class count', async () => {
    await expectI2xRejection(
      importCheckpoints({ paths: [fixturePath('tv_resnet18.safetensors')], arch: 'torchvision-resnet18', runDir: tempRunDir(), classes: 7, test: fixtureDataset([0, 0]), batchSize: 2 }),
      'E_CHECKPOINT',
      'tv_resnet18.safetensors',
      'expected one image input and one output of 7 classes',
    );
  });
});
