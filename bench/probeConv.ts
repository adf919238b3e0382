import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend/selectBackend.js';
await selectBackend('wasm');
const shapes: [number, number, number, number, number][] = [ // H, cin, cout, k, stride
  [28, 1, 16, 3, 1], [28, 16, 16, 3, 1], [28, 16, 32, 3, 2], [14, 32, 32, 3, 1], [28, 16, 32, 1, 2], [14, 32, 64, 3, 2], [7, 64, 64, 3, 1], [14, 32, 64, 1, 2]];
const time = (f: () => tf.Tensor) => { for (let i = 0; i < 2; i++) f().dispose(); const t = performance.now(); for (let i = 0; i < 5; i++) { const r = f(); r.dataSync(); r.dispose(); } return ((performance.now() - t) / 5).toFixed(1); };
for (const [h, cin, cout, k, s] of shapes) {
  const x = tf.randomNormal([64, h, h, cin]) as tf.Tensor4D;
  const w = tf.randomNormal([k, k, cin, cout]) as tf.Tensor4D;
  const y = tf.conv2d(x, w, s, 'same');
  const fwd = time(() => tf.conv2d(x, w, s, 'same'));
  const dx = time(() => tf.conv2dTranspose(y as tf.Tensor4D, w, [64, h, h, cin], s, 'same'));
  const dw = time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: y }, { strides: [s, s], pad: 'same', dataFormat: 'NHWC', filterShape: [k, k, cin, cout] } as never) as tf.Tensor);
  console.log(`${h}x${h} ${cin}->${cout} k${k} s${s}: fwd ${fwd} dx ${dx} dw ${dw} ms`);
}
