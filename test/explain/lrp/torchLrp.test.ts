import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/backend/selectBackend.js';
import { COMPOSITE_NAMES } from '../../../src/config/saliencyMethodNames.js';
import { lrp } from '../../../src/explain/lrp/lrp.js';
import { buildTorchResNet } from '../../../src/models/torch/buildTorchResNet.js';
import { readTorchTensors } from '../../../src/models/torch/readTorchTensors.js';
import type { TorchResNetArch } from '../../../src/models/torch/torchResNetSpecs.js';
import { maxRelativeError } from '../../helpers/numeric.js';
import { fixturePath } from '../../models/torch/torchFixtures.js';
import { slowComposite, slowLrp } from './slowLrp.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const BOX = { low: [-3], high: [3] };

/** The two fixture images, NHWC [2, 24, 24, 3], and the same values per sample, flattened. */
function images(): { x: tf.Tensor4D; flat: Float32Array } {
  const raw = readFileSync(fixturePath('images.f32'));
  const nchw = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const x = tf.tidy(() => tf.tensor4d(nchw, [2, 3, 24, 24]).transpose([0, 2, 3, 1]) as tf.Tensor4D);
  return { x, flat: x.dataSync() as Float32Array };
}

// torchvision-resnet18 has the stem's ZeroPadding2D + MaxPooling2D and padded stride-2 convolutions; cifar-resnet20 only the latter
const CASES: [string, TorchResNetArch, string[]][] = [
  ['tv_resnet18.safetensors', 'torchvision-resnet18', ['stem_pool_pad', 'stem_pool', 'stage1_block2_out']],
  ['cifar_resnet20.safetensors', 'cifar-resnet20', ['stage2_block3_out']],
];

describe('LRP on models imported from PyTorch (ZeroPadding2D, MaxPooling2D)', () => {
  it.each(CASES)('%s (%s): every composite runs, reports conservation at every cut, and equals the slow reimplementation', (file, arch, layers) => {
    const model = buildTorchResNet({ arch, tensors: readTorchTensors(fixturePath(file)), inputShape: [24, 24, 3], source: file });
    const { x, flat } = images();
    const targets = Int32Array.from([0, 1]);
    try {
      const padLayers = model.layers.filter((l) => l.getClassName() === 'ZeroPadding2D').map((l) => l.name);
      expect(padLayers.length).toBeGreaterThan(0);
      const logits = (tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync()) as number[][]);
      const before = tf.memory().numTensors;
      for (const composite of COMPOSITE_NAMES) {
        const result = lrp(model, x, targets, { composite, ...BOX, layers, printConservation: false });
        const cuts = result.conservation.map((e) => e.layer);
        expect(cuts[0]).toBe('input');
        for (const e of result.conservation) expect(Number.isFinite(e.relevanceSum) && Number.isFinite(e.deviation), `${composite} at ${e.layer}`).toBe(true);
        expect(result.conservation.at(-1)!.deviation).toBe(0);
        if (arch === 'torchvision-resnet18') expect(cuts).toEqual(expect.arrayContaining(['stem_conv_pad', 'stem_pool_pad', 'stem_pool']));
        // cropping and winner take all lose nothing: the relevance into the max-pool's padding is what leaves the ReLU before it and what leaves the pool
        if (arch === 'torchvision-resnet18') {
          const at = (layer: string) => result.conservation.find((e) => e.layer === layer)!.relevanceSum;
          expect(at('stem_pool_pad')).toBeCloseTo(at('stem_pool'), 4);
          expect(at('stem_relu')).toBeCloseTo(at('stem_pool_pad'), 4);
        }
        // the slow check on the first image (a batch equals its images one at a time: lrp.test.ts)
        for (const s of [0]) {
          const r0 = logits[s].map((v, c) => (c === targets[s] ? v : 0));
          const slow = slowLrp(model, flat.subarray(s * 1728, (s + 1) * 1728), r0, slowComposite(composite, BOX));
          const input = slow.get('input')!;
          const expected = new Float64Array(576);
          for (let i = 0; i < 1728; i++) expected[Math.floor(i / 3)] += input[i];
          expect(maxRelativeError(result.input.subarray(s * 576, (s + 1) * 576), expected), `${composite} input, sample ${s}`).toBeLessThan(1e-3);
          for (const layer of layers) {
            const [, lh, lw] = result.layerShapes.get(layer)!;
            const values = slow.get(layer)!;
            const channels = values.length / (lh * lw);
            const summed = new Float64Array(lh * lw);
            for (let i = 0; i < values.length; i++) summed[Math.floor(i / channels)] += values[i];
            expect(maxRelativeError(result.layers.get(layer)!.subarray(s * lh * lw, (s + 1) * lh * lw), summed), `${composite} ${layer}, sample ${s}`).toBeLessThan(1e-3);
          }
        }
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
