import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../../util/I2xError.js';
import { callWasmKernel, release, type TensorInfo, type WasmBackendLike } from './callWasmKernel.js';
import { convKernelsSupport, convolve, swapBlockAxes } from './channelKernels.js';
import { convGeometry, type ConvGeometry } from './convGeometry.js';

/**
 * dx of a 2D convolution as forward convolutions, by polyphase decomposition.
 *
 * Along one axis with stride s and padding p, the input pixel r = s*u + i (phase i in [0, s)) receives
 * dy[o] * w[a] exactly when a = i + p - s*(o - u). So every phase is a stride-1 correlation of dy with
 * a few taps of the filter, and all sh*sw phases together are one correlation of dy with a small kernel
 * whose output channels are (phase_h, phase_w, ci). A reshape and one transpose interleave the phases
 * into dx. Nothing is multiplied by the zeros that correlating a stride-dilated dy would insert (a 3x3
 * stride-2 dx does about half the work of that form). Stride 1 is the same code: one phase, the filter
 * rotated by 180 degrees with its channel axes swapped.
 *
 * Where i2x's own convolution applies (dy channels a multiple of 4, x channels of 8), a strided dx runs one
 * correlation per phase with only that phase's taps, each written into its channels of the phase grid
 * (phaseByPhase): the one-kernel form multiplies the taps a phase lacks as zeros (16 products for 9 in a 3x3
 * stride-2 dx, 4 for 1 in a 1x1 one). Per output the products and their order are the same, so the bits are too
 * (checked on the quick start's checkpoints). Elsewhere the one correlation goes to the backend's Conv2D.
 */
export function conv2dBackpropInputWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as { strides: [number, number]; pad: 'same'; dataFormat: string; dimRoundingMode?: 'floor'; inputShape: [number, number, number, number] };
  const g = convGeometry('Conv2DBackpropInput', attrs.inputShape, filter.shape as [number, number, number, number], attrs);
  const { strideHeight: sh, strideWidth: sw, inChannels: cin } = g;
  const rows = phaseTaps(g.filterHeight, sh, g.padTop);
  const cols = phaseTaps(g.filterWidth, sw, g.padLeft);
  const phasesHeight = Math.ceil(g.inHeight / sh);
  const phasesWidth = Math.ceil(g.inWidth / sw);

  // Phase-grid output u reads dy at u + first .. u + first + taps - 1: pad dy, or cut it, to that range.
  const h = dyWindow(rows, phasesHeight, g.outHeight, g, 'row');
  const w = dyWindow(cols, phasesWidth, g.outWidth, g, 'column');
  const phased = (sh > 1 || sw > 1) && convKernelsSupport({ inChannels: g.outChannels, outChannels: cin })
    ? phaseByPhase(backend, dy, filter, g, phasesHeight, phasesWidth)
    : correlate(backend, dy, phaseKernel(backend, filter, g, rows, cols), h, w, g); // all phases at once

  let grid = phased;
  if (sh > 1 || sw > 1) {
    // [N, U, V, sh, sw, Cin] -> [N, U, sh, V, sw, Cin], which is dx on the (sh*U) x (sw*V) grid
    const n = g.batch;
    const gridShape = [n, phasesHeight * sh, phasesWidth * sw, cin];
    if ((sw * cin) % 4 === 0) {
      // per (n, u): [V, sh, sw*Cin] -> [sh, V, sw*Cin]
      grid = swapBlockAxes(backend, phased, [n * phasesHeight, phasesWidth, sh, sw * cin], gridShape);
      release(backend, phased);
    } else {
      const split = callWasmKernel(backend, 'Reshape', { x: phased }, { shape: [n, phasesHeight, phasesWidth, sh, sw, cin] });
      release(backend, phased);
      const moved = callWasmKernel(backend, 'Transpose', { x: split }, { perm: [0, 1, 3, 2, 4, 5] });
      release(backend, split);
      grid = callWasmKernel(backend, 'Reshape', { x: moved }, { shape: gridShape });
      release(backend, moved);
    }
  }
  if (grid.shape[1] === g.inHeight && grid.shape[2] === g.inWidth) return grid;
  const dx = callWasmKernel(backend, 'Slice', { x: grid }, { begin: [0, 0, 0, 0], size: [-1, g.inHeight, g.inWidth, -1] });
  release(backend, grid);
  return dx;
}

/**
 * One correlation of (a window of) dy with `kernel`, padded and cut as `h` and `w` say; `kernel` is released. With
 * the one kernel of all phases (phaseKernel without `only`), its output channels are (phase_h, phase_w, ci) and the
 * taps a phase lacks are zeros; with `into`, i2x's own convolution writes it into channels of `into.out`.
 */
function correlate(backend: WasmBackendLike, dy: TensorInfo, kernel: TensorInfo, h: DyWindow, w: DyWindow, g: ConvGeometry, into?: { out: TensorInfo; channelOffset: number }): TensorInfo {
  const cut = h.start > 0 || w.start > 0 || h.size < g.outHeight || w.size < g.outWidth;
  const source = cut ? callWasmKernel(backend, 'Slice', { x: dy }, { begin: [0, h.start, w.start, 0], size: [-1, h.size, w.size, -1] }) : dy;
  const attrs = { strides: [1, 1] as [number, number], pad: [[0, 0], [h.before, h.after], [w.before, w.after], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]], dataFormat: 'NHWC', dilations: [1, 1] as [number, number] };
  const out = into
    ? convolve(backend, source, kernel, convGeometry('Conv2DBackpropInput', source.shape as [number, number, number, number], kernel.shape as [number, number, number, number], attrs), {}, into)
    : callWasmKernel(backend, 'Conv2D', { x: source, filter: kernel }, { ...attrs, dimRoundingMode: undefined });
  if (source !== dy) release(backend, source);
  release(backend, kernel);
  return out;
}

/**
 * The same [N, U, V, sh*sw*Cin] as the one correlation of all phases, one correlation per phase with only that phase's taps, each
 * written into its channels by i2x's own convolution (so a 3x3 stride-2 dx multiplies 9 taps, not 16, and a 1x1 one
 * 1, not 4). Per output, the products and their order are those of the one correlation without its zero taps. A phase
 * that no tap or no dy row reaches stays zero.
 */
function phaseByPhase(backend: WasmBackendLike, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry, phasesHeight: number, phasesWidth: number): TensorInfo {
  const { strideHeight: sh, strideWidth: sw, inChannels: cin } = g;
  const out = backend.makeOutput([g.batch, phasesHeight, phasesWidth, sh * sw * cin], 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  for (let i = 0; i < sh; i++) {
    const rows = phaseTapsOf(g.filterHeight, sh, g.padTop, i);
    const h = rows.taps > 0 ? dyWindowOrNone(rows, phasesHeight, g.outHeight) : null;
    if (h === null) continue;
    for (let j = 0; j < sw; j++) {
      const cols = phaseTapsOf(g.filterWidth, sw, g.padLeft, j);
      const w = cols.taps > 0 ? dyWindowOrNone(cols, phasesWidth, g.outWidth) : null;
      if (w === null) continue;
      const kernel = phaseKernel(backend, filter, g, rows, cols, [i, j]);
      correlate(backend, dy, kernel, h, w, g, { out, channelOffset: (i * sw + j) * cin });
    }
  }
  return out;
}

interface Taps {
  /** the smallest dy offset d = o - u that reaches some phase */
  first: number;
  /** how many consecutive offsets do */
  taps: number;
}

/** The dy offsets d = o - u that reach any phase of one axis: a = i + pad - s*d must lie in [0, kernel). */
function phaseTaps(kernel: number, stride: number, pad: number): Taps {
  const first = Math.ceil((pad - kernel + 1) / stride);
  const last = Math.floor((stride - 1 + pad) / stride);
  return { first, taps: last - first + 1 };
}

/** The dy offsets that reach phase i of one axis (taps <= 0: none). */
function phaseTapsOf(kernel: number, stride: number, pad: number, i: number): Taps {
  const first = Math.ceil((i + pad - kernel + 1) / stride);
  const last = Math.floor((i + pad) / stride);
  return { first, taps: last - first + 1 };
}

/**
 * kernel[t, v, co, (i*sw + j)*Cin + ci] = w[i + padTop - sh*(t + first_h), j + padLeft - sw*(v + first_w), ci, co],
 * zero where that tap falls outside w. Written in JavaScript straight into the wasm heap (filters are small).
 */
function phaseKernel(backend: WasmBackendLike, filter: TensorInfo, g: ConvGeometry, rows: Taps, cols: Taps, only?: [number, number]): TensorInfo {
  const { inChannels: cin, outChannels: cout, filterHeight: kh, filterWidth: kw } = g;
  // with `only`, the kernel of that one phase: a stride of 1 phase, offset by the phase
  const [sh, sw] = only ? [1, 1] : [g.strideHeight, g.strideWidth];
  const [i0, j0] = only ?? [0, 0];
  const phaseChannels = sh * sw * cin;
  const kernel = backend.makeOutput([rows.taps, cols.taps, cout, phaseChannels], 'float32');
  // views are taken after the allocation, which may grow (and so detach) the heap
  const w = backend.typedArrayFromHeap(filter) as Float32Array;
  const k = backend.typedArrayFromHeap(kernel) as Float32Array;
  k.fill(0);
  for (let t = 0; t < rows.taps; t++) {
    for (let v = 0; v < cols.taps; v++) {
      for (let i = 0; i < sh; i++) {
        const a = i0 + i + g.padTop - g.strideHeight * (t + rows.first);
        if (a < 0 || a >= kh) continue;
        for (let j = 0; j < sw; j++) {
          const b = j0 + j + g.padLeft - g.strideWidth * (v + cols.first);
          if (b < 0 || b >= kw) continue;
          const phase = (i * sw + j) * cin;
          for (let ci = 0; ci < cin; ci++) {
            const wBase = ((a * kw + b) * cin + ci) * cout;
            let kIndex = (t * cols.taps + v) * cout * phaseChannels + phase + ci;
            for (let co = 0; co < cout; co++, kIndex += phaseChannels) k[kIndex] = w[wBase + co];
          }
        }
      }
    }
  }
  return kernel;
}

interface DyWindow {
  start: number;
  size: number;
  before: number;
  after: number;
}

/** The dy range the phase-grid outputs read along one axis, as a cut of dy plus zero padding. */
function dyWindow(taps: Taps, phases: number, dySize: number, g: ConvGeometry, axis: string): DyWindow {
  const window = dyWindowOrNone(taps, phases, dySize);
  if (window === null) {
    throw new I2xError('E_KERNEL', `Conv2DBackpropInput on wasm: padding (top ${g.padTop}, left ${g.padLeft}) leaves no dy ${axis} that reaches the input; such a convolution is not supported.`);
  }
  return window;
}

/** dyWindow, or null when no dy index lies in the range. */
function dyWindowOrNone(taps: Taps, phases: number, dySize: number): DyWindow | null {
  const lo = taps.first;
  const hi = phases - 1 + taps.first + taps.taps - 1;
  const start = Math.max(lo, 0);
  const end = Math.min(hi, dySize - 1);
  if (end < start) return null;
  return { start, size: end - start + 1, before: start - lo, after: hi - end };
}
