import * as tf from '@tensorflow/tfjs';

import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackendLike } from '../../src/backend/wasm/callWasmKernel.js';
import { convolve, winogradBlockTiles, winogradConvolve, winogradSupport } from '../../src/backend/wasm/channelKernels.js';
import { withWinograd } from '../../src/backend/wasm/conv2dWasm.js';
import { convGeometry } from '../../src/backend/wasm/convGeometry.js';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels.js';
import { SeededRandom } from '../../src/util/SeededRandom.js';
import { randomArray } from '../helpers/numeric.js';

interface Case { batch: number; size: [number, number]; cin: number; cout: number; bias: boolean; relu: boolean; block?: number }

interface Data { x: Float32Array; w: Float32Array; b: Float32Array | null }

function data(c: Case, seed: number): Data {
  const rng = new SeededRandom(seed);
  return {
    x: randomArray(c.batch * c.size[0] * c.size[1] * c.cin, rng),
    w: randomArray(9 * c.cin * c.cout, rng, 0.3),
    b: c.bias ? randomArray(c.cout, rng) : null,
  };
}

function tensors(c: Case, d: Data) {
  return {
    x: tf.tensor4d(d.x, [c.batch, c.size[0], c.size[1], c.cin]),
    w: tf.tensor4d(d.w, [3, 3, c.cin, c.cout]),
    b: d.b ? tf.tensor1d(d.b) : undefined,
  };
}

/** FusedConv2D (3x3, stride 1, 'same') of the data on the current backend, inside withWinograd when asked. */
function fusedConv(c: Case, d: Data, winograd: boolean): Float32Array {
  const run = () => tf.tidy(() => {
    const { x, w, b } = tensors(c, d);
    const y = tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias: b, activation: c.relu ? 'relu' : 'linear' });
    return (y.dataSync() as Float32Array).slice();
  });
  return winograd ? withWinograd(run) : run();
}

/** winogradConvolve (with the case's tiles per block) or convolve called directly on the wasm backend. */
function direct(c: Case, d: Data, kernel: 'winograd' | 'direct'): Float32Array {
  return tf.tidy(() => {
    const { x, w, b } = tensors(c, d);
    const backend = tf.backend() as unknown as WasmBackendLike;
    const g = convGeometry('FusedConv2D', x.shape, w.shape, { strides: 1, pad: 'same' });
    const fused = { bias: b, relu: c.relu };
    const info = kernel === 'winograd' ? winogradConvolve(backend, x, w, g, fused, c.block) : convolve(backend, x, w, g, fused);
    return (tf.engine().makeTensorFromTensorInfo(info).dataSync() as Float32Array).slice();
  });
}

/** The cpu backend's result and, per output, sum |x| |w| over its window plus |bias| (the scale of rounding errors). */
async function reference(c: Case, d: Data): Promise<{ y: Float32Array; scale: Float32Array }> {
  await tf.setBackend('cpu');
  const y = fusedConv(c, d, false);
  const scale = tf.tidy(() => {
    const { x, w, b } = tensors(c, d);
    const s = tf.conv2d(tf.abs(x), tf.abs(w), 1, 'same');
    return ((b ? tf.add(s, tf.abs(b)) : s).dataSync() as Float32Array).slice();
  });
  await tf.setBackend('wasm');
  return { y, scale };
}

/**
 * max over outputs of |actual - expected| / S, where S is the largest window scale (sum |x| |w| + |b|) among the
 * outputs of the 2 x 2 tile the output belongs to: Winograd's rounding errors at one output come from the whole
 * tile's 4 x 4 input window, which the tile's four 3 x 3 windows cover.
 */
function tileRelativeError(c: Case, actual: Float32Array, expected: Float32Array, scale: Float32Array): number {
  const [H, W] = c.size;
  const at = (n: number, y: number, x: number, o: number) => ((n * H + y) * W + x) * c.cout + o;
  let worst = 0;
  for (let n = 0; n < c.batch; n++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let o = 0; o < c.cout; o++) {
          const ty = y & ~1;
          const tx = x & ~1;
          let s = 0;
          for (let dy = 0; dy < 2; dy++) {
            for (let dx = 0; dx < 2; dx++) {
              if (ty + dy < H && tx + dx < W) s = Math.max(s, scale[at(n, ty + dy, tx + dx, o)]);
            }
          }
          const i = at(n, y, x, o);
          worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / s);
        }
      }
    }
  }
  return worst;
}

describe('Winograd F(2x2, 3x3) FusedConv2D on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels();
  });

  const cases: Case[] = [
    // resnet8's shapes; 28x28 and 14x14 take several blocks of tiles, 7x7 partial tiles at the right and bottom
    { batch: 2, size: [28, 28], cin: 16, cout: 16, bias: true, relu: true },
    { batch: 3, size: [14, 14], cin: 32, cout: 32, bias: true, relu: false },
    { batch: 5, size: [7, 7], cin: 64, cout: 64, bias: false, relu: true },
    // odd sizes, N = 1, no bias and linear, fewer tiles than one conv tile of 4 pixels
    { batch: 1, size: [5, 9], cin: 4, cout: 8, bias: false, relu: false },
    { batch: 2, size: [9, 5], cin: 8, cout: 16, bias: true, relu: true },
    { batch: 1, size: [1, 1], cin: 4, cout: 8, bias: true, relu: false },
    { batch: 1, size: [3, 2], cin: 12, cout: 24, bias: false, relu: true },
    { batch: 3, size: [2, 3], cin: 4, cout: 8, bias: true, relu: true },
    // blocks of tiles that do not divide the tiles (15 per image of 5x9 here), one tile per block, blocks of fewer
    // tiles than conv's 4 pixels, one block larger than all tiles
    { batch: 2, size: [5, 9], cin: 8, cout: 8, bias: true, relu: false, block: 7 },
    { batch: 2, size: [5, 9], cin: 8, cout: 8, bias: true, relu: true, block: 1 },
    { batch: 3, size: [7, 7], cin: 16, cout: 8, bias: false, relu: false, block: 3 },
    { batch: 1, size: [6, 6], cin: 4, cout: 16, bias: true, relu: true, block: 100 },
  ];

  it.each(cases)('matches the cpu backend within a few ulps of sum |x| |w|, and is what FusedConv2D runs inside withWinograd: %o', async (c) => {
    const d = data(c, c.batch * 1000 + c.size[0] * 31 + c.size[1] * 7 + c.cin + (c.block ?? 0));
    const { y: expected, scale } = await reference(c, d);
    const actual = direct(c, d, 'winograd');
    expect(actual.length).toBe(expected.length);
    // 8 float32 ulps (2^-24 each) of the tile's scale (the largest seen is 4.2)
    expect(tileRelativeError(c, actual, expected, scale)).toBeLessThan(8 * 2 ** -24);
    if (c.relu) expect(actual.every((v) => v >= 0)).toBe(true);
    if (c.block === undefined) {
      // FusedConv2D inside withWinograd is winogradConvolve with its default block, bit for bit
      expect(new Uint32Array(fusedConv(c, d, true).buffer)).toEqual(new Uint32Array(actual.buffer));
    }
  });

  it('gives the same bits on every run, and the same for any number of tiles per block', () => {
    const c: Case = { batch: 3, size: [7, 9], cin: 16, cout: 16, bias: true, relu: false };
    const d = data(c, 5);
    const first = new Uint32Array(direct(c, d, 'winograd').buffer);
    expect(new Uint32Array(direct(c, d, 'winograd').buffer)).toEqual(first);
    for (const block of [1, 5, 64]) expect(new Uint32Array(direct({ ...c, block }, d, 'winograd').buffer)).toEqual(first);
  });

  it('leaves FusedConv2D outside withWinograd, Conv2D inside it, and other shapes to the direct convolution', () => {
    const c: Case = { batch: 2, size: [14, 14], cin: 32, cout: 32, bias: true, relu: true };
    const d = data(c, 9);
    const directBits = new Uint32Array(direct(c, d, 'direct').buffer);
    const winogradBits = new Uint32Array(direct(c, d, 'winograd').buffer);
    expect(winogradBits).not.toEqual(directBits); // other roundings: the comparisons below tell the kernels apart
    expect(new Uint32Array(fusedConv(c, d, false).buffer)).toEqual(directBits);
    const plain = (winograd: boolean) => {
      const run = () => tf.tidy(() => {
        const { x, w } = tensors(c, d);
        return (tf.conv2d(x, w, 1, 'same').dataSync() as Float32Array).slice();
      });
      return new Uint32Array((winograd ? withWinograd(run) : run()).buffer);
    };
    expect(plain(true)).toEqual(plain(false));
    const geometry = (x: [number, number, number, number], f: [number, number, number, number], strides: number, pad: 'same' | 'valid') =>
      winogradSupport(convGeometry('FusedConv2D', x, f, { strides, pad }));
    expect(geometry([1, 7, 7, 16], [3, 3, 16, 16], 1, 'same')).toBe(true);
    expect(geometry([1, 7, 7, 16], [3, 3, 16, 16], 2, 'same')).toBe(false);
    expect(geometry([1, 7, 7, 16], [3, 3, 16, 16], 1, 'valid')).toBe(false);
    expect(geometry([1, 7, 7, 16], [1, 1, 16, 16], 1, 'same')).toBe(false);
    expect(geometry([1, 7, 7, 16], [5, 5, 16, 16], 1, 'same')).toBe(false);
    expect(geometry([1, 7, 7, 3], [3, 3, 3, 16], 1, 'same')).toBe(false);
    expect(geometry([1, 7, 7, 16], [3, 3, 16, 12], 1, 'same')).toBe(false);
  });

  it('sizes blocks to keep the transformed tiles in cache', () => {
    expect(winogradBlockTiles(16, 16)).toBe(64);
    expect(winogradBlockTiles(32, 32)).toBe(32);
    expect(winogradBlockTiles(64, 64)).toBe(16);
    expect(winogradBlockTiles(512, 512)).toBe(4);
  });

  it('releases every intermediate', () => {
    const c: Case = { batch: 2, size: [7, 7], cin: 16, cout: 16, bias: true, relu: true };
    const d = data(c, 3);
    fusedConv(c, d, true);
    const before = tf.memory().numTensors;
    const beforeData = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 3; i++) fusedConv(c, d, true);
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(beforeData);
  });
});
