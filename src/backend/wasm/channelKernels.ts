import * as tf from '@tensorflow/tfjs';
import type { TensorInfo, WasmBackendLike } from './callWasmKernel.js';
import { CHANNEL_KERNELS_WASM_BASE64 } from './channelKernelsBinary.js';
import type { ConvGeometry } from './convGeometry.js';

/**
 * Per-channel kernels for BatchNorm training on the wasm backend (channelKernels.wat, WebAssembly SIMD), run in
 * place on the backend's memory. The backend's own elementwise and reduction kernels cost a full pass each
 * (Mean over the leading axes also transposes first); BatchNorm's forward needs 3 passes and its backward 2 with these:
 *
 * - I2xChannelMoments {x}: [2, C] = batch mean and biased variance per channel (sums in float64)
 * - I2xChannelGradSums {dy, x, mean}: [2, C] = sum(dy) and sum(dy * (x - mean)) per channel
 * - I2xChannelAffine {x, a, k} or {x, a, y, b, k}: x * a + (y * b) + k per channel, the shape of x
 *
 * The channel count must be a multiple of 4 (`channelKernelsSupport` says whether a shape is supported).
 *
 * And one for the optimizer: I2xAdam {w, g, m, v} with attrs {b1, c1, b2, c2, s2, eps, step, wd} -> [w', m', v']
 * (TrainingOptimizer's Adam update for one weight, one pass instead of about 12 kernels), and I2xReluGrad
 * {dy, x} -> x > 0 ? dy : 0 (ReLU's gradient, one pass instead of three).
 *
 * And the convolutions (`convolve`, `filterGradient`; conv2dWasm.ts and conv2dBackpropFilterWasm.ts call them):
 * the forward pass (with FusedConv2D's bias and ReLU) and dw, for input channels a multiple of 4 and output
 * channels a multiple of 8, each a register-tiled loop over the data in place (see channelKernels.wat); and
 * `winogradConvolve`, the forward pass of 3x3 stride-1 'same' convolutions by Winograd F(2x2, 3x3), which inference
 * uses (conv2dWasm.ts `withWinograd`).
 */

interface Exports {
  permute(src: number, outer: number, a: number, b: number, c: number, dst: number): void;
  reluGrad(dy: number, x: number, n: number, out: number): void;
  adam(w: number, g: number, m: number, v: number, n: number, b1: number, c1: number, b2: number, c2: number, s2: number, eps: number, step: number, wd: number, wOut: number, mOut: number, vOut: number): void;
  channelSums(mode: number, x: number, y: number, mean: number, rows: number, channels: number, acc: number, out: number): void;
  channelAffine(x: number, y: number, a: number, b: number, k: number, rows: number, channels: number, out: number): void;
  pad(x: number, dst: number, N: number, H: number, W: number, C: number, Hp: number, Wp: number, padTop: number, padLeft: number): void;
  conv(x: number, w: number, out: number, N: number, Hp: number, Wp: number, Cin: number, OH: number, OW: number, Cout: number, KH: number, KW: number, sh: number, sw: number, bias: number, relu: number, outStride: number): void;
  winograd(x: number, v: number, out: number, N: number, Hp: number, Wp: number, Cin: number, OH: number, OW: number, Cout: number, bias: number, relu: number, T: number, U: number, M: number): void;
  filterGrad(x: number, dy: number, out: number, N: number, H: number, W: number, Cin: number, OH: number, OW: number, Cout: number, KH: number, KW: number, sh: number, sw: number, padTop: number, padLeft: number, nb: number): void;
}

/** The slice of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface WasmBackendInternals extends WasmBackendLike {
  /** the backend's emscripten module; its linear memory is what the kernels import and work in */
  wasm: { asm: { memory: { buffer: ArrayBuffer } } };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
}

const instances = new WeakMap<object, Exports>();
let compiled: object | undefined;

function kernelsFor(backend: WasmBackendInternals): Exports {
  let exports = instances.get(backend);
  if (!exports) {
    compiled ??= new WebAssembly.Module(Buffer.from(CHANNEL_KERNELS_WASM_BASE64, 'base64'));
    exports = new WebAssembly.Instance(compiled, { env: { memory: backend.wasm.asm.memory } }).exports as unknown as Exports;
    instances.set(backend, exports);
  }
  return exports;
}

/** Where a tensor's data starts in the backend's memory (a byte offset, what the module's functions take). */
function address(backend: WasmBackendInternals, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/** Whether the kernels handle a tensor of this shape (channels last, a multiple of 4, float32). */
export function channelKernelsSupport(shape: readonly number[]): boolean {
  const channels = shape[shape.length - 1];
  return shape.length >= 2 && channels > 0 && channels % 4 === 0;
}

function geometry(x: TensorInfo): { rows: number; channels: number } {
  const channels = x.shape[x.shape.length - 1];
  if (!channelKernelsSupport(x.shape) || x.dtype !== 'float32') {
    throw new Error(`i2x channel kernels: float32 input with a multiple of 4 channels expected, got ${x.dtype} [${x.shape.join(', ')}]`);
  }
  return { rows: tf.util.sizeFromShape(x.shape) / channels, channels };
}

/** Runs channelSums in `mode` and returns the float64 sums, C of them (2C in mode 2), scratch released. */
function sums(backend: WasmBackendInternals, mode: number, x: TensorInfo, y: TensorInfo | null, mean: TensorInfo | null): Float64Array {
  const { rows, channels } = geometry(x);
  const width = mode === 2 ? 2 * channels : channels;
  // `width` floats of float32 accumulators, then `width` doubles (2 * width floats) of totals
  const scratch = backend.makeOutput([3 * width], 'float32');
  const at = (info: TensorInfo) => address(backend, info);
  const base = at(scratch);
  const totals = base + 4 * width;
  if (totals % 8 !== 0) throw new Error('i2x channel kernels: scratch memory is not 8-byte aligned');
  new Float64Array(backend.wasm.asm.memory.buffer, totals, width).fill(0);
  kernelsFor(backend).channelSums(mode, at(x), y ? at(y) : 0, mean ? at(mean) : 0, rows, channels, base, totals);
  const result = new Float64Array(backend.wasm.asm.memory.buffer, totals, width).slice();
  backend.disposeData(scratch.dataId);
  return result;
}

function writeOutput(backend: WasmBackendInternals, shape: number[], values: ArrayLike<number>): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).set(values);
  return out;
}

function moments({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): TensorInfo {
  const b = backend as WasmBackendInternals;
  const x = inputs.x as TensorInfo;
  const { rows, channels } = geometry(x);
  const mean = Float32Array.from(sums(b, 0, x, null, null), (s) => s / rows);
  const meanInfo = writeOutput(b, [channels], mean);
  const squares = sums(b, 1, x, null, meanInfo);
  b.disposeData(meanInfo.dataId);
  const out = new Float32Array(2 * channels);
  out.set(mean);
  squares.forEach((s, c) => (out[channels + c] = s / rows));
  return writeOutput(b, [2, channels], out);
}

function gradSums({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): TensorInfo {
  const b = backend as WasmBackendInternals;
  const { dy, x, mean } = inputs as { dy: TensorInfo; x: TensorInfo; mean: TensorInfo };
  const { channels } = geometry(dy);
  return writeOutput(b, [2, channels], sums(b, 2, dy, x, mean)); // sum(dy), then sum(dy * (x - mean)), in one pass
}

function affine({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): TensorInfo {
  const b = backend as WasmBackendInternals;
  const { x, a, k, y, b: bScale } = inputs as { x: TensorInfo; a: TensorInfo; k: TensorInfo; y?: TensorInfo; b?: TensorInfo };
  const { rows, channels } = geometry(x);
  const out = b.makeOutput([...x.shape], 'float32');
  const at = (info: TensorInfo) => address(b, info);
  kernelsFor(b).channelAffine(at(x), y ? at(y) : 0, at(a), bScale ? at(bScale) : 0, at(k), rows, channels, at(out));
  return out;
}

function adam({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): TensorInfo[] {
  const b = backend as WasmBackendInternals;
  const { w, g, m, v } = inputs as { w: TensorInfo; g: TensorInfo; m: TensorInfo; v: TensorInfo };
  const n = tf.util.sizeFromShape(w.shape);
  for (const t of [g, m, v]) {
    if (tf.util.sizeFromShape(t.shape) !== n) throw new Error(`I2xAdam: shapes [${w.shape.join(', ')}] and [${t.shape.join(', ')}] differ`);
  }
  const outs = [w, m, v].map((t) => b.makeOutput([...t.shape], 'float32'));
  const at = (info: TensorInfo) => address(b, info);
  const a = attrs as unknown as Record<'b1' | 'c1' | 'b2' | 'c2' | 's2' | 'eps' | 'step' | 'wd', number>;
  kernelsFor(b).adam(at(w), at(g), at(m), at(v), n, a.b1, a.c1, a.b2, a.c2, a.s2, a.eps, a.step, a.wd, at(outs[0]), at(outs[1]), at(outs[2]));
  return outs;
}

function reluGrad({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): TensorInfo {
  const b = backend as WasmBackendInternals;
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const n = tf.util.sizeFromShape(x.shape);
  if (tf.util.sizeFromShape(dy.shape) !== n || x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`I2xReluGrad: float32 dy and x of one size expected, got ${dy.dtype} [${dy.shape.join(', ')}] and ${x.dtype} [${x.shape.join(', ')}]`);
  }
  const out = b.makeOutput([...x.shape], 'float32');
  const at = (info: TensorInfo) => address(b, info);
  kernelsFor(b).reluGrad(at(dy), at(x), n, at(out));
  return out;
}

/**
 * `outer` blocks of [A, B, C] float32 permuted to [B, A, C] (rows of C floats move; C a multiple of 4), as a
 * new tensor of `shape`: 2.3x faster than the backend's generic Transpose (0.29 vs 0.66 ms for [64, 784, 16]).
 * For the convolution gradient kernels, which call it on TensorInfos. (An element transpose written the same
 * way, a scalar loop, was slower than the backend's: 2.8 vs 2.1 ms.)
 */
export function swapBlockAxes(backend: WasmBackendLike, x: TensorInfo, [outer, A, B, C]: [number, number, number, number], shape: number[]): TensorInfo {
  const b = backend as WasmBackendInternals;
  if (outer * A * B * C !== tf.util.sizeFromShape(x.shape) || tf.util.sizeFromShape(shape) !== outer * A * B * C || x.dtype !== 'float32') {
    throw new Error(`swapBlockAxes: ${x.dtype} [${x.shape.join(', ')}] is not ${outer} float32 blocks of [${A}, ${B}, ${C}] or does not fit [${shape.join(', ')}]`);
  }
  if (C % 4 !== 0) throw new Error(`swapBlockAxes moves rows of a multiple of 4 floats; got ${C}`);
  const out = b.makeOutput(shape, 'float32');
  const at = (info: TensorInfo) => address(b, info);
  kernelsFor(b).permute(at(x), outer, A, B, C, at(out));
  return out;
}

/** Whether `convolve` and `filterGradient` handle a convolution with these channel counts (input a multiple of 4, output of 8). */
export function convKernelsSupport(g: Pick<ConvGeometry, 'inChannels' | 'outChannels'>): boolean {
  return g.inChannels % 4 === 0 && g.outChannels % 8 === 0;
}

/** The images per block filterGrad sweeps with one tile: as many as keep the block's x and dy within this many bytes. */
const FILTER_GRAD_BLOCK_BYTES = 32 * 1024;

/**
 * dw [kh, kw, Cin, Cout] of a convolution from x [N, H, W, Cin] and dy [N, oh, ow, Cout] in one pass of
 * filterGrad (channelKernels.wat): every 4 x 8 tile of dw accumulates in registers while it sweeps a block of
 * images, so nothing is transposed, nothing is packed, and the sum over pixels is split into cache-sized blocks.
 * (XNNPACK, given dy as a filter, packs all of dy on every call and runs one GEMM over all N*oh*ow pixels, whose
 * operands do not stay in cache.)
 */
export function filterGradient(backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: number[]): TensorInfo {
  const b = backend as WasmBackendInternals;
  if (!convKernelsSupport(g) || x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`filterGradient: float32 x and dy with input channels a multiple of 4 and output channels of 8 expected, got ${g.inChannels} -> ${g.outChannels}`);
  }
  const out = b.makeOutput(filterShape, 'float32');
  const perImage = 4 * (g.inHeight * g.inWidth * g.inChannels + g.outHeight * g.outWidth * g.outChannels);
  const nb = Math.max(1, Math.floor(FILTER_GRAD_BLOCK_BYTES / perImage));
  const at = (info: TensorInfo) => address(b, info);
  kernelsFor(b).filterGrad(at(x), at(dy), at(out), g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft, nb);
  return out;
}

/**
 * A 2D convolution (channels last) by conv (channelKernels.wat): x [N, H, W, Cin] and filter [kh, kw, Cin, Cout]
 * -> [N, oh, ow, Cout], zero padding where g says. x is first copied into the padded frame the windows read
 * (pad; skipped when no window leaves x), and the filter is repacked 8 output channels at a time
 * ([Cout/8, kh, kw, Cin, 8], in JavaScript: filters are small), so that the kernel reads both in order and every
 * tile of 4 output pixels x 8 output channels accumulates in registers over all taps and input channels.
 * With `fused`, a bias [Cout] is added and ReLU applied in the same pass (FusedConv2D's linear and relu cases).
 * With `into`, the result is written into channels [channelOffset, channelOffset + Cout) of `into.out`, a
 * [N, oh, ow, C] tensor the caller made, and `into.out` is returned.
 * Nothing is cached between calls: in training the filter is new at every step, and in inference i2x folds
 * BatchNorm into a new filter at every call (XNNPACK caches its packed filter per filter tensor, so it packs
 * again every time in both).
 */
export function convolve(
  backend: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  fused: { bias?: TensorInfo; relu?: boolean } = {},
  into?: { out: TensorInfo; channelOffset: number },
): TensorInfo {
  const b = backend as WasmBackendInternals;
  if (!convKernelsSupport(g) || x.dtype !== 'float32' || filter.dtype !== 'float32' || (fused.bias && (fused.bias.dtype !== 'float32' || tf.util.sizeFromShape(fused.bias.shape) !== g.outChannels))) {
    throw new Error(`convolve: float32 x and filter with input channels a multiple of 4 and output channels of 8 expected, got ${g.inChannels} -> ${g.outChannels}`);
  }
  if (into) {
    const [n, oh, ow, c] = into.out.shape;
    if (into.out.dtype !== 'float32' || n !== g.batch || oh !== g.outHeight || ow !== g.outWidth || into.channelOffset < 0 || into.channelOffset + g.outChannels > c) {
      throw new Error(`convolve: cannot write [${g.batch}, ${g.outHeight}, ${g.outWidth}, ${g.outChannels}] at channel ${into.channelOffset} of ${into.out.dtype} [${into.out.shape.join(', ')}]`);
    }
  }
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = g;
  // the frame every window lies in
  const hp = (g.outHeight - 1) * g.strideHeight + kh;
  const wp = (g.outWidth - 1) * g.strideWidth + kw;
  const inside = g.padTop === 0 && g.padLeft === 0 && hp <= g.inHeight && wp <= g.inWidth;
  // x itself when every window lies inside it, else its padded copy
  const [frameHeight, frameWidth] = inside ? [g.inHeight, g.inWidth] : [hp, wp];
  const framed = inside ? x : b.makeOutput([g.batch, hp, wp, cin], 'float32');
  const packed = b.makeOutput([cout / 8, kh, kw, cin, 8], 'float32');
  const out = into?.out ?? b.makeOutput([g.batch, g.outHeight, g.outWidth, cout], 'float32');
  const outStride = into ? into.out.shape[3] : cout;
  // views after every allocation (an allocation may grow the heap and detach earlier views)
  const w = b.typedArrayFromHeap(filter) as Float32Array;
  const p = b.typedArrayFromHeap(packed) as Float32Array;
  const taps = kh * kw * cin;
  for (let cob = 0, o = 0; cob < cout; cob += 8) {
    for (let t = 0; t < taps; t++, o += 8) {
      const from = t * cout + cob;
      for (let j = 0; j < 8; j++) p[o + j] = w[from + j];
    }
  }
  const at = (info: TensorInfo) => address(b, info);
  const kernels = kernelsFor(b);
  if (!inside) kernels.pad(at(x), at(framed), g.batch, g.inHeight, g.inWidth, cin, hp, wp, g.padTop, g.padLeft);
  kernels.conv(at(framed), at(packed), at(out) + 4 * (into?.channelOffset ?? 0), g.batch, frameHeight, frameWidth, cin, g.outHeight, g.outWidth, cout,
    kh, kw, g.strideHeight, g.strideWidth, fused.bias ? at(fused.bias) : 0, fused.relu ? 1 : 0, outStride);
  b.disposeData(packed.dataId);
  if (framed !== x) b.disposeData(framed.dataId);
  return out;
}

/**
 * Whether `winogradConvolve` computes this convolution: 3x3, stride 1, zero padding of 1 on the top and left with
 * the output the size of the input ('same', or an explicit 1), input channels a multiple of 4, output of 8.
 */
export function winogradSupport(g: ConvGeometry): boolean {
  return convKernelsSupport(g) && g.filterHeight === 3 && g.filterWidth === 3 && g.strideHeight === 1 && g.strideWidth === 1 &&
    g.padTop === 1 && g.padLeft === 1 && g.outHeight === g.inHeight && g.outWidth === g.inWidth;
}

/** The scratch U and M of one block of tiles (16 x tiles x (Cin + Cout) floats) is kept within about this many bytes. */
const WINOGRAD_BLOCK_BYTES = 128 * 1024;

/** Tiles per block of winograd: as many as keep U and M within WINOGRAD_BLOCK_BYTES, a multiple of 4, at least 4. */
export function winogradBlockTiles(cin: number, cout: number): number {
  return Math.max(4, Math.floor(WINOGRAD_BLOCK_BYTES / (64 * (cin + cout)) / 4) * 4);
}

/**
 * The 3x3 filter [3, 3, Cin, Cout] transformed for Winograd F(2x2, 3x3), G g G^T with
 * G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]], as 16 filters packed the way conv reads a 1x1
 * filter: [16][Cout/8][Cin][8]. Computed in float64 and rounded once to float32.
 */
export function winogradFilter(w: Float32Array, cin: number, cout: number, into: Float32Array): void {
  const kStride = cin * cout;
  const t = new Float64Array(12);
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cout; co++) {
      // G g: 4 rows of 3
      for (let b = 0; b < 3; b++) {
        const g0 = w[(0 * 3 + b) * kStride + ci * cout + co];
        const g1 = w[(1 * 3 + b) * kStride + ci * cout + co];
        const g2 = w[(2 * 3 + b) * kStride + ci * cout + co];
        t[b] = g0;
        t[3 + b] = (g0 + g1 + g2) / 2;
        t[6 + b] = (g0 - g1 + g2) / 2;
        t[9 + b] = g2;
      }
      const at = ((co >> 3) * cin + ci) * 8 + (co & 7);
      for (let i = 0; i < 4; i++) {
        const [a, b, c] = [t[3 * i], t[3 * i + 1], t[3 * i + 2]];
        into[(4 * i + 0) * kStride + at] = a;
        into[(4 * i + 1) * kStride + at] = (a + b + c) / 2;
        into[(4 * i + 2) * kStride + at] = (a - b + c) / 2;
        into[(4 * i + 3) * kStride + at] = c;
      }
    }
  }
}

/**
 * The convolution `convolve` computes, for shapes `winogradSupport` accepts, by Winograd F(2x2, 3x3) (winograd in
 * channelKernels.wat): 16 multiplies per 2 x 2 output pixels and channel pair instead of 36. x is copied into a
 * padded frame of whole tiles (pad), the filter transformed in JavaScript (winogradFilter), and the tiles run in
 * blocks of `blockTiles` whose transformed input and products stay in cache. Results differ from the direct
 * convolution's in the last bits (other roundings), and are the same on every run and machine (no FMA).
 */
export function winogradConvolve(
  backend: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  fused: { bias?: TensorInfo; relu?: boolean } = {},
  blockTiles = winogradBlockTiles(g.inChannels, g.outChannels),
): TensorInfo {
  const b = backend as WasmBackendInternals;
  if (!winogradSupport(g) || x.dtype !== 'float32' || filter.dtype !== 'float32' || (fused.bias && (fused.bias.dtype !== 'float32' || tf.util.sizeFromShape(fused.bias.shape) !== g.outChannels))) {
    throw new Error(`winogradConvolve: a float32 3x3 'same' convolution with stride 1, input channels a multiple of 4 and output channels of 8 expected, got ${g.filterHeight}x${g.filterWidth} stride ${g.strideHeight} ${g.inChannels} -> ${g.outChannels}`);
  }
  if (!Number.isInteger(blockTiles) || blockTiles < 1) throw new Error(`winogradConvolve: blockTiles must be a positive integer, got ${blockTiles}`);
  const { inChannels: cin, outChannels: cout } = g;
  const hp = 2 * Math.ceil(g.outHeight / 2) + 2;
  const wp = 2 * Math.ceil(g.outWidth / 2) + 2;
  const framed = b.makeOutput([g.batch, hp, wp, cin], 'float32');
  const v = b.makeOutput([16, cout / 8, cin, 8], 'float32');
  // 16 arrays of blockTiles x C floats, each followed by 16 unused ones (see winograd)
  const scratchU = b.makeOutput([16, blockTiles * cin + 16], 'float32');
  const scratchM = b.makeOutput([16, blockTiles * cout + 16], 'float32');
  const out = b.makeOutput([g.batch, g.outHeight, g.outWidth, cout], 'float32');
  // views after every allocation (an allocation may grow the heap and detach earlier views)
  winogradFilter(b.typedArrayFromHeap(filter) as Float32Array, cin, cout, b.typedArrayFromHeap(v) as Float32Array);
  const at = (info: TensorInfo) => address(b, info);
  const kernels = kernelsFor(b);
  kernels.pad(at(x), at(framed), g.batch, g.inHeight, g.inWidth, cin, hp, wp, 1, 1);
  kernels.winograd(at(framed), at(v), at(out), g.batch, hp, wp, cin, g.outHeight, g.outWidth, cout,
    fused.bias ? at(fused.bias) : 0, fused.relu ? 1 : 0, blockTiles, at(scratchU), at(scratchM));
  for (const t of [framed, v, scratchU, scratchM]) b.disposeData(t.dataId);
  return out;
}

let registered = false;

/** Registers the kernels for the wasm backend (idempotent). */
export function registerChannelKernels(): void {
  if (registered) return;
  tf.registerKernel({ kernelName: 'I2xChannelMoments', backendName: 'wasm', kernelFunc: moments as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'I2xChannelGradSums', backendName: 'wasm', kernelFunc: gradSums as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'I2xChannelAffine', backendName: 'wasm', kernelFunc: affine as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'I2xAdam', backendName: 'wasm', kernelFunc: adam as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'I2xReluGrad', backendName: 'wasm', kernelFunc: reluGrad as unknown as tf.KernelFunc });
  // ReLU's gradient through that kernel on wasm; tfjs's own formula everywhere else (the registry is global)
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const d = dy as tf.Tensor;
      return {
        x: () => (tf.getBackend() === 'wasm' && x.dtype === 'float32' && d.dtype === 'float32'
          ? tf.engine().runKernel('I2xReluGrad', { dy: d, x }, {}) as tf.Tensor
          : tf.mul(d, tf.cast(tf.step(x), 'float32'))),
      };
    },
  });
  registered = true;
}
