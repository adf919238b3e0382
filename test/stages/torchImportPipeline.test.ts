import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { i2xPipeline } from '../../pipelines/i2x.js';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { readSafetensors, type TorchTensor } from '../../src/models/torch/readSafetensors.js';
import { runPipeline } from '../../src/stages/runPipeline.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { saliencyArtifacts } from '../../src/stages/i2x/artifacts/saliencyArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { fixturePath } from '../models/torch/torchFixtures.js';

/** A safetensors file of float32 tensors, laid out as the format's spec says. */
function safetensorsBytes(tensors: Map<string, TorchTensor>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * t.values.length] };
    offset += 4 * t.values.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at);
    at += t.values.byteLength;
  }
  return out;
}

/** CIFAR-10 binary batches of seeded noise, `perFile` records each, labels 0..9 in turn. */
function writeCifar(dir: string, perFile: number): void {
  mkdirSync(dir, { recursive: true });
  const rng = new SeededRandom(5);
  for (const name of [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).concat('test_batch.bin')) {
    const bytes = new Uint8Array(perFile * 3073);
    for (let r = 0; r < perFile; r++) {
      bytes[r * 3073] = r % 10;
      for (let p = 1; p < 3073; p++) bytes[r * 3073 + p] = rng.int(256);
    }
    writeFileSync(join(dir, name), bytes);
  }
}

/**
 * The path a PyTorch user takes: a folder of per-epoch checkpoints (here the CIFAR ResNet-20 fixture's
 * weights with a 10-class head, one file per "epoch"), a config with train.source: load, the whole pipeline.
 */
describe('the I2X pipeline on PyTorch checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'i2x-torch-pipeline-'));
  const paths = { root: dir, artifactsRoot: 'artifacts', checkpointsRoot: 'checkpoints' };

  beforeAll(async () => {
    await selectBackend('wasm');
    writeCifar(join(dir, 'cifar'), 12);
    const base = readSafetensors(readFileSync(fixturePath('cifar_resnet20.safetensors')), 'fixture');
    const rng = new SeededRandom(9);
    mkdirSync(join(dir, 'torch-run'));
    for (const epoch of [1, 2]) {
      const tensors = new Map(base);
      const inUnits = base.get('linear.weight')!.shape[1];
      tensors.set('linear.weight', { shape: [10, inUnits], values: Float32Array.from({ length: 10 * inUnits }, () => rng.normal()) });
      tensors.set('linear.bias', { shape: [10], values: Float32Array.from({ length: 10 }, () => 0.1 * rng.normal()) });
      writeFileSync(join(dir, 'torch-run', `epoch-${epoch}.safetensors`), safetensorsBytes(tensors));
    }
  });

  it('imports them, explains them at the last stage of cifar-resnet20 and writes the report', async () => {
    const config = resolveConfig({
      name: 'torch',
      workers: 1,
      data: { dataset: 'cifar10', path: join(dir, 'cifar'), trainSubset: { first: 60 }, testSubset: { first: 12 }, valFraction: 0.1 },
      model: { arch: 'cifar-resnet20' },
      train: { source: 'load', load: { checkpoints: ['torch-run/epoch-1.safetensors', 'torch-run/epoch-2.safetensors'] } },
      analysis: { prototypes: { k: 3, pcaComponents: 3 }, groups: { minClusterSize: 5, minSamples: 3 }, saliency: { compare: { samples: 8 } } },
      quality: { metrics: [] }, // tested in test/stages/qualityStage.test.ts
      store: { path: join(dir, 'i2x.duckdb') },
    });
    const result = await runPipeline(i2xPipeline(), config, paths);
    expect(result.stages.every((s) => s.status === 'ran')).toBe(true);
    expect(trainArtifacts.read(join(result.runDir, 'train')).map((c) => c.name)).toEqual(['import-000', 'import-001']);
    // saliency at stage3_block3_out: 8 x 8 maps for 32 x 32 images (strides 1, 2, 2)
    const saliencyDir = join(result.runDir, 'saliency');
    const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
    expect(names.length).toBe(2);
    expect(saliencyArtifacts.readMaps(saliencyDir, names[1]).shape.slice(1)).toEqual([8, 8]);
    expect(readFileSync(join(result.runDir, 'report', 'index.html'), 'utf8')).toContain('cifar-resnet20');
    // LRP (the default comparison, lrp-epsilon-plus-flat) runs through the imported model's ZeroPadding2D layers
    const store = await I2xStore.create(join(dir, 'i2x.duckdb'), { readOnly: true });
    try {
      const conservation = await store.query(`SELECT layer, deviation FROM lrp_conservation WHERE run_id = 'torch' AND method = 'lrp-epsilon-plus-flat'`);
      const layers = conservation.rows.map((r) => r[0]);
      expect(layers).toContain('input');
      expect(layers).toContain('logits');
      for (const [layer, deviation] of conservation.rows as [string, number][]) expect(Number.isFinite(deviation), layer).toBe(true);
    } finally {
      store.close();
    }
  });
});
