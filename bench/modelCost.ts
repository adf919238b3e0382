/**
 * Arithmetic cost of the benchmarked work, so that `npm run bench` can say how far each figure is from this
 * machine's limit. Multiply-adds (MACs) of a tfjs layers model's convolutions and dense layers per image (the
 * rest, BatchNorm, ReLU, additions and pooling, is a few percent of resnet8's arithmetic and is left out):
 * - inference: the forward pass;
 * - training: forward, the input gradient (dx) of every layer but the first, and the weight gradient (dw) of
 *   every layer, each as many MACs as that layer's forward pass;
 * - Grad-CAM: the forward pass and dx of the layers after the target layer (the gradient stops there).
 *
 * The peak is that of 128-bit WebAssembly SIMD (4 float32 lanes), which has no fused multiply-add, so a MAC is a
 * multiply and an add: `SIMD_MACS_PER_CYCLE` vector MACs per cycle per core (two multiply and two add pipes, as on
 * current Intel and AMD server cores) at the clock /proc/cpuinfo reports. That is an assumption about the core,
 * printed beside the figure; the fraction is of that peak.
 */
import type * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface ModelCost {
  inferMacs: number;
  trainMacs: number;
  gradCamMacs: number;
}

function layerMacs(layer: tf.layers.Layer): number {
  const cls = layer.getClassName();
  const out = layer.outputShape as number[];
  const inShape = (layer.input as tf.SymbolicTensor).shape as number[];
  if (cls === 'Conv2D') {
    const cfg = layer.getConfig() as { kernelSize: number[]; filters: number };
    const [kh, kw] = cfg.kernelSize;
    return out[1] * out[2] * kh * kw * inShape[3] * cfg.filters;
  }
  if (cls === 'Dense') return inShape[inShape.length - 1] * (layer.getConfig() as { units: number }).units;
  return 0;
}

/** MACs per image of resnet-style `model`; `gradCamLayer` is the layer whose activations Grad-CAM weighs. */
export function modelCost(model: tf.LayersModel, gradCamLayer: string): ModelCost {
  const macs = model.layers.map(layerMacs);
  const forward = macs.reduce((a, b) => a + b, 0);
  const firstCompute = macs.findIndex((m) => m > 0);
  const target = model.layers.findIndex((l) => l.name === gradCamLayer);
  if (target < 0) throw new Error(`modelCost: no layer '${gradCamLayer}' in the model`);
  const after = macs.slice(target + 1).reduce((a, b) => a + b, 0);
  return { inferMacs: forward, trainMacs: 3 * forward - macs[firstCompute], gradCamMacs: forward + after };
}

export const SIMD_LANES = 4;
export const SIMD_MACS_PER_CYCLE = 2;

/** The clock of this machine's cores in GHz, from /proc/cpuinfo (else os.cpus()), and the model name. */
export function cpuClock(): { model: string; ghz: number } {
  let model = cpus()[0]?.model ?? 'unknown';
  let mhz = cpus()[0]?.speed ?? 0;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = /model name\s*:\s*(.*)/.exec(info)?.[1]?.trim() ?? model;
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(info);
    if (m) mhz = Number(m[1]);
  } catch {
    // not Linux: os.cpus() is what there is
  }
  return { model, ghz: mhz / 1000 };
}

/** GFLOP/s (2 flops per MAC) of `imagesPerSecond` at `macsPerImage`, and its fraction of `cores` cores' SIMD peak. */
export function achieved(imagesPerSecond: number, macsPerImage: number, cores: number, ghz: number): { gflop_s: number; of_simd128_peak: number } {
  const gflops = (2 * macsPerImage * imagesPerSecond) / 1e9;
  const peak = 2 * SIMD_LANES * SIMD_MACS_PER_CYCLE * ghz * cores;
  return { gflop_s: Math.round(gflops * 100) / 100, of_simd128_peak: peak > 0 ? Math.round((gflops / peak) * 1000) / 1000 : NaN };
}
