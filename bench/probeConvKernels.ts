/**
 * `node dist/bench/probeConvKernels.js`: ms per call of the forward convolution, dx (Conv2DBackpropInput)
 * and dw (Conv2DBackpropFilter) on the wasm backend for every convolution shape of resnet8 at batch 64.
 * Shows which backprop shapes cost more than their forward convolution.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend/selectBackend.js';

await selectBackend('wasm');
const N = Number(process.env.PROBE_BATCH ?? 64);
const REPS = Number(process.env.PROBE_REPS ?? 10);
// [H, Cin, Cout, k, stride] of resnet8's convolutions on 28x28 inputs
const shapes: [number, number, number, number, number][] = [
  [28, 1, 16, 3, 1],
  [28, 16, 16, 3, 1],
  [28, 16, 32, 3, 2],
  [28, 16, 32, 1, 2],
  [14, 32, 32, 3, 1],
  [14, 32, 64, 3, 2],
  [14, 32, 64, 1, 2],
  [7, 64, 64, 3, 1],
];

function time(fn: () => tf.Tensor): number {
  tf.dispose(fn());
  const t0 = performance.now();
  for (let i = 0; i < REPS; i++) {
    const out = fn();
    out.dataSync();
    out.dispose();
  }
  return (performance.now() - t0) / REPS;
}

const totals = { forward: 0, dx: 0, dw: 0 };
for (const [h, cin, cout, k, s] of shapes) {
  const x = tf.randomNormal([N, h, h, cin]) as tf.Tensor4D;
  const w = tf.randomNormal([k, k, cin, cout]) as tf.Tensor4D;
  const y = tf.conv2d(x, w, s, 'same');
  const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
  const forward = time(() => tf.conv2d(x, w, s, 'same'));
  const dx = time(() => tf.conv2dTranspose(dy, w, x.shape, s, 'same'));
  const dw = time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [s, s], pad: 'same', dataFormat: 'NHWC', filterShape: w.shape }) as tf.Tensor);
  totals.forward += forward;
  totals.dx += dx;
  totals.dw += dw;
  console.log(`${h}x${h} ${cin}->${cout} k${k} s${s}: forward ${forward.toFixed(2)} ms, dx ${dx.toFixed(2)} ms, dw ${dw.toFixed(2)} ms`);
  tf.dispose([x, w, y, dy]);
}
console.log(`total: forward ${totals.forward.toFixed(1)} ms, dx ${totals.dx.toFixed(1)} ms, dw ${totals.dw.toFixed(1)} ms`);
