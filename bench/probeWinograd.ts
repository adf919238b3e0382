/**
 * `node dist/bench/probeWinograd.js`: ms per call of a convolution with bias and ReLU (FusedConv2D's) on the wasm backend, the direct
 * convolution (channelKernels.ts `convolve`) against Winograd F(2x2, 3x3) (`winogradConvolve`), on resnet8's three
 * 3x3 stride-1 shapes at batch 128 (Grad-CAM's), alternating the two, PROBE_ROUNDS rounds of PROBE_REPS calls.
 * PROBE_BLOCK sets Winograd's tiles per block (default: winogradBlockTiles). Also prints the largest difference
 * between the two relative to sum |x| |w| over a window.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend/selectBackend.js';
import type { WasmBackendLike } from '../src/backend/wasm/callWasmKernel.js';
import { convolve, winogradBlockTiles, winogradConvolve } from '../src/backend/wasm/channelKernels.js';
import { convGeometry } from '../src/backend/wasm/convGeometry.js';

await selectBackend('wasm');
const N = Number(process.env.PROBE_BATCH ?? 128);
const REPS = Number(process.env.PROBE_REPS ?? 5);
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 4);
const BLOCK = process.env.PROBE_BLOCK ? Number(process.env.PROBE_BLOCK) : undefined;
// [H, C] of resnet8's 3x3 stride-1 convolutions (C -> C) on 28x28 inputs
const shapes: [number, number][] = [[28, 16], [14, 32], [7, 64]];
const backend = tf.backend() as unknown as WasmBackendLike & { disposeData(id: tf.DataId): void; typedArrayFromHeap(t: unknown): Float32Array };

const totals = { direct: 0, winograd: 0 };
for (const [h, c] of shapes) {
  const x = tf.randomNormal([N, h, h, c]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, c, c], 0, 0.2) as tf.Tensor4D;
  const bias = tf.randomNormal([c]) as tf.Tensor1D;
  const g = convGeometry('FusedConv2D', x.shape, w.shape, { strides: 1, pad: 'same' });
  const block = BLOCK ?? winogradBlockTiles(c, c);
  const direct = () => convolve(backend, x, w, g, { bias, relu: true });
  const winograd = () => winogradConvolve(backend, x, w, g, { bias, relu: true }, block);
  // agreement: |direct - winograd| against sum over a window of |x| |w| (bounded by the largest 3x3xC window)
  const d = direct();
  const wi = winograd();
  const dv = backend.typedArrayFromHeap(d);
  const wv = backend.typedArrayFromHeap(wi);
  let maxDiff = 0;
  for (let i = 0; i < dv.length; i++) maxDiff = Math.max(maxDiff, Math.abs(dv[i] - wv[i]));
  const scale = tf.tidy(() => tf.conv2d(tf.abs(x), tf.abs(w), 1, 'same').max().dataSync()[0]);
  backend.disposeData(wi.dataId);
  backend.disposeData(d.dataId);
  const times = { direct: [] as number[], winograd: [] as number[] };
  backend.disposeData(direct().dataId);
  backend.disposeData(winograd().dataId);
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    for (let i = 0; i < REPS; i++) backend.disposeData(direct().dataId);
    times.direct.push((performance.now() - t0) / REPS);
    t0 = performance.now();
    for (let i = 0; i < REPS; i++) backend.disposeData(winograd().dataId);
    times.winograd.push((performance.now() - t0) / REPS);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  totals.direct += median(times.direct);
  totals.winograd += median(times.winograd);
  console.log(`${h}x${h} ${c}->${c} block ${block}: direct ${times.direct.map((t) => t.toFixed(2)).join(' ')} ms, winograd ${times.winograd.map((t) => t.toFixed(2)).join(' ')} ms; median ratio ${(median(times.direct) / median(times.winograd)).toFixed(2)}x; max |diff| / max window sum|x||w| ${(maxDiff / scale).toExponential(2)}`);
  tf.dispose([x, w, bias]);
}
console.log(`sum of medians: direct ${totals.direct.toFixed(2)} ms, winograd ${totals.winograd.toFixed(2)} ms, ratio ${(totals.direct / totals.winograd).toFixed(2)}x`);
