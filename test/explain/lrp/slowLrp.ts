import * as tf from '@tensorflow/tfjs';

/**
 * A slow, obvious LRP for the tests, written independently of src/explain/lrp (as zennit checks its
 * rules): every linear layer becomes an explicit matrix of weights w[i][j] (input unit i -> output unit j)
 * built with loops, and every rule is the textbook per-contribution formula, in float64, one sample at a time.
 */
export interface SlowMatrix {
  inSize: number;
  outSize: number;
  /** w[i * outSize + j] */
  w: Float64Array;
  /** 1 where input i is in the receptive field of output j (a weight that happens to be 0 still counts) */
  connected: Uint8Array;
  b: Float64Array;
  /** channels of the input, so per-channel bounds can be looked up as i % inChannels */
  inChannels: number;
}

export type SlowRule = (m: SlowMatrix, x: Float64Array, r: Float64Array) => Float64Array;

const stab = (z: number, eps: number) => z + (z >= 0 ? eps : -eps);
const ratio = (r: number, den: number) => (den === 0 ? 0 : r / den);
const pos = (v: number) => Math.max(v, 0);
const neg = (v: number) => Math.min(v, 0);

/** R_i = sum_j c(i, j) / (sum_i' c(i', j) + bias(j)) R_j, for a contribution c and a bias term. */
function share(m: SlowMatrix, r: Float64Array, c: (i: number, j: number) => number, bias: (j: number) => number, eps: number): Float64Array {
  const out = new Float64Array(m.inSize);
  for (let j = 0; j < m.outSize; j++) {
    let den = bias(j);
    for (let i = 0; i < m.inSize; i++) if (m.connected[i * m.outSize + j]) den += c(i, j);
    const s = ratio(r[j], stab(den, eps));
    for (let i = 0; i < m.inSize; i++) if (m.connected[i * m.outSize + j]) out[i] += c(i, j) * s;
  }
  return out;
}

const W = (m: SlowMatrix, i: number, j: number) => m.w[i * m.outSize + j];

export const slowEpsilon = (eps: number): SlowRule => (m, x, r) => share(m, r, (i, j) => x[i] * W(m, i, j), (j) => m.b[j], eps);

export const slowZPlus = (): SlowRule => (m, x, r) => share(m, r, (i, j) => pos(x[i] * W(m, i, j)), (j) => pos(m.b[j]), 1e-6);

export const slowAlphaBeta = (alpha: number, beta: number): SlowRule => (m, x, r) => {
  const p = share(m, r, (i, j) => pos(x[i] * W(m, i, j)), (j) => pos(m.b[j]), 1e-6);
  const q = share(m, r, (i, j) => neg(x[i] * W(m, i, j)), (j) => neg(m.b[j]), 1e-6);
  return p.map((v, i) => alpha * v - beta * q[i]);
};

export const slowGamma = (gamma: number): SlowRule => (m, x, r) => {
  const z = new Float64Array(m.outSize);
  for (let j = 0; j < m.outSize; j++) {
    z[j] = m.b[j];
    for (let i = 0; i < m.inSize; i++) z[j] += x[i] * W(m, i, j);
  }
  const up = share(m, r.map((v, j) => (z[j] > 0 ? v : 0)), (i, j) => x[i] * W(m, i, j) + gamma * pos(x[i] * W(m, i, j)), (j) => m.b[j] + gamma * pos(m.b[j]), 1e-6);
  const down = share(m, r.map((v, j) => (z[j] < 0 ? v : 0)), (i, j) => x[i] * W(m, i, j) + gamma * neg(x[i] * W(m, i, j)), (j) => m.b[j] + gamma * neg(m.b[j]), 1e-6);
  return up.map((v, i) => v + down[i]);
};

export const slowFlat = (): SlowRule => (m, _x, r) => share(m, r, () => 1, () => 0, 1e-6);

export const slowZBox = (low: number[], high: number[]): SlowRule => (m, x, r) => {
  const l = (i: number) => low[low.length === 1 ? 0 : i % m.inChannels];
  const h = (i: number) => high[high.length === 1 ? 0 : i % m.inChannels];
  return share(m, r, (i, j) => x[i] * W(m, i, j) - l(i) * pos(W(m, i, j)) - h(i) * neg(W(m, i, j)), () => 0, 1e-6);
};

/** A convolution (kernel [kh, kw, cin, cout], NHWC) on an [H, W, cin] input as an explicit matrix. */
export function convMatrix(kernel: ArrayLike<number>, kshape: number[], bias: ArrayLike<number> | null, input: [number, number, number], strides: [number, number], padding: 'same' | 'valid') {
  const [kh, kw, cin, cout] = kshape;
  const [h, w] = input;
  const [sh, sw] = strides;
  const outH = padding === 'same' ? Math.ceil(h / sh) : Math.ceil((h - kh + 1) / sh);
  const outW = padding === 'same' ? Math.ceil(w / sw) : Math.ceil((w - kw + 1) / sw);
  const padTop = padding === 'same' ? Math.floor(Math.max((outH - 1) * sh + kh - h, 0) / 2) : 0;
  const padLeft = padding === 'same' ? Math.floor(Math.max((outW - 1) * sw + kw - w, 0) / 2) : 0;
  const m = emptyMatrix(h * w * cin, outH * outW * cout, cin);
  for (let oy = 0; oy < outH; oy++)
    for (let ox = 0; ox < outW; ox++)
      for (let co = 0; co < cout; co++) {
        const j = (oy * outW + ox) * cout + co;
        m.b[j] = bias ? bias[co] : 0;
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * sh - padTop + ky;
            const ix = ox * sw - padLeft + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            for (let ci = 0; ci < cin; ci++) {
              const i = (iy * w + ix) * cin + ci;
              m.w[i * m.outSize + j] = kernel[((ky * kw + kx) * cin + ci) * cout + co];
              m.connected[i * m.outSize + j] = 1;
            }
          }
      }
  return { m, outShape: [outH, outW, cout] };
}

export function denseMatrix(kernel: ArrayLike<number>, inSize: number, outSize: number, bias: ArrayLike<number> | null): SlowMatrix {
  const m = emptyMatrix(inSize, outSize, inSize);
  for (let i = 0; i < inSize * outSize; i++) {
    m.w[i] = kernel[i];
    m.connected[i] = 1;
  }
  for (let j = 0; j < outSize; j++) m.b[j] = bias ? bias[j] : 0;
  return m;
}

/** Global average pooling [H, W, C] -> [C]: w = 1/(H*W) from every pixel of channel c to output c. */
export function poolMatrix(h: number, w: number, c: number): SlowMatrix {
  const m = emptyMatrix(h * w * c, c, c);
  for (let p = 0; p < h * w; p++)
    for (let ch = 0; ch < c; ch++) {
      m.w[(p * c + ch) * c + ch] = 1 / (h * w);
      m.connected[(p * c + ch) * c + ch] = 1;
    }
  return m;
}

function emptyMatrix(inSize: number, outSize: number, inChannels: number): SlowMatrix {
  return { inSize, outSize, w: new Float64Array(inSize * outSize), connected: new Uint8Array(inSize * outSize), b: new Float64Array(outSize), inChannels };
}

export function slowForward(m: SlowMatrix, x: Float64Array): Float64Array {
  const z = Float64Array.from(m.b);
  for (let i = 0; i < m.inSize; i++) for (let j = 0; j < m.outSize; j++) z[j] += x[i] * m.w[i * m.outSize + j];
  return z;
}

export interface SlowComposite {
  firstKinds: ('conv' | 'dense')[];
  first: SlowRule;
  conv: SlowRule;
  dense: SlowRule;
  pool: SlowRule;
}

/** The composites as the issue defines them (zennit's). */
export function slowComposite(name: string, o: { epsilon?: number; gamma?: number; low?: number[]; high?: number[] }): SlowComposite {
  const eps = slowEpsilon(o.epsilon ?? 1e-6);
  if (name === 'epsilon-plus-flat') return { firstKinds: ['conv', 'dense'], first: slowFlat(), conv: slowZPlus(), dense: eps, pool: eps };
  if (name === 'epsilon-alpha2-beta1-flat') return { firstKinds: ['conv', 'dense'], first: slowFlat(), conv: slowAlphaBeta(2, 1), dense: eps, pool: eps };
  if (name === 'epsilon-gamma-box') return { firstKinds: ['conv'], first: slowZBox(o.low!, o.high!), conv: slowGamma(o.gamma ?? 0.25), dense: eps, pool: eps };
  return { firstKinds: [], first: eps, conv: eps, dense: eps, pool: eps };
}

interface SlowNode {
  name: string;
  kind: 'input' | 'linear' | 'pass' | 'sum' | 'route';
  inputs: string[];
  m?: SlowMatrix;
  relu?: boolean;
  rule?: SlowRule;
  /** a 'route' layer: its forward pass, and the relevance of its input from its input x and its output's relevance r */
  forward?: (x: Float64Array) => Float64Array;
  backward?: (x: Float64Array, r: Float64Array) => Float64Array;
}

/** ZeroPadding2D on [h, w, c]: out (y + top, x + left) = in (y, x); the input's relevance is the output's at the same cell. */
export function slowZeroPadding(shape: number[], padding: [[number, number], [number, number]]) {
  const [h, w, c] = shape;
  const [[top, bottom], [left, right]] = padding;
  const outH = h + top + bottom;
  const outW = w + left + right;
  const at = (y: number, x: number, ch: number) => ((y + top) * outW + (x + left)) * c + ch;
  const forward = (x: Float64Array) => {
    const out = new Float64Array(outH * outW * c);
    for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let ch = 0; ch < c; ch++) out[at(y, xx, ch)] = x[(y * w + xx) * c + ch];
    return out;
  };
  const backward = (_x: Float64Array, r: Float64Array) => {
    const out = new Float64Array(h * w * c);
    for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let ch = 0; ch < c; ch++) out[(y * w + xx) * c + ch] = r[at(y, xx, ch)];
    return out;
  };
  return { forward, backward, outShape: [outH, outW, c] };
}

/**
 * MaxPooling2D ('valid') on [h, w, c]: each output is its window's maximum; its relevance goes whole to the
 * first cell of the window (row by row, left to right) holding that maximum.
 */
export function slowMaxPool(shape: number[], pool: [number, number], strides: [number, number]) {
  const [h, w, c] = shape;
  const [kh, kw] = pool;
  const [sh, sw] = strides;
  const outH = Math.floor((h - kh) / sh) + 1;
  const outW = Math.floor((w - kw) / sw) + 1;
  const winner = (x: Float64Array, oy: number, ox: number, ch: number) => {
    let best = -1;
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++) {
        const i = ((oy * sh + ky) * w + (ox * sw + kx)) * c + ch;
        if (best < 0 || x[i] > x[best]) best = i;
      }
    return best;
  };
  const forward = (x: Float64Array) => {
    const out = new Float64Array(outH * outW * c);
    for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let ch = 0; ch < c; ch++) out[(oy * outW + ox) * c + ch] = x[winner(x, oy, ox, ch)];
    return out;
  };
  const backward = (x: Float64Array, r: Float64Array) => {
    const out = new Float64Array(h * w * c);
    for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let ch = 0; ch < c; ch++) out[winner(x, oy, ox, ch)] += r[(oy * outW + ox) * c + ch];
    return out;
  };
  return { forward, backward, outShape: [outH, outW, c] };
}

/**
 * LRP of one sample x ([H, W, C] flattened) through a tfjs-layers model, from the output relevance `r0`.
 * BatchNorm is merged into the layer before it element by element. Returns the relevance of every layer
 * output by name (a merged BatchNorm's name gives the same as its convolution's) and of the input.
 */
export function slowLrp(model: tf.LayersModel, x: ArrayLike<number>, r0: ArrayLike<number>, composite: SlowComposite): Map<string, Float64Array> {
  const nodes: SlowNode[] = [];
  const alias = new Map<string, string>();
  const shapes = new Map<string, number[]>();
  const source = (name: string) => alias.get(name) ?? name;
  let firstTaken = false;
  const ruleOf = (kind: 'conv' | 'dense') => {
    if (!firstTaken && composite.firstKinds.includes(kind)) {
      firstTaken = true;
      return composite.first;
    }
    return composite[kind];
  };
  for (const layer of model.layers) {
    const inputs = (layer.inboundNodes[0]?.inboundLayers ?? []).map((l) => source(l.name));
    const config = layer.getConfig();
    const weights = layer.getWeights().map((t) => t.dataSync());
    const shapeIn = inputs.length ? shapes.get(inputs[0])! : [];
    const cls = layer.getClassName();
    if (cls === 'InputLayer') {
      nodes.push({ name: layer.name, kind: 'input', inputs });
      shapes.set(layer.name, (layer as unknown as { batchInputShape: number[] }).batchInputShape.slice(1));
    } else if (cls === 'Conv2D') {
      const kshape = layer.getWeights()[0].shape;
      const { m, outShape } = convMatrix(weights[0], kshape, weights[1] ?? null, shapeIn as [number, number, number], config.strides as [number, number], config.padding as 'same' | 'valid');
      nodes.push({ name: layer.name, kind: 'linear', inputs, m, relu: config.activation === 'relu', rule: ruleOf('conv') });
      shapes.set(layer.name, outShape);
    } else if (cls === 'Dense') {
      const [inSize, outSize] = layer.getWeights()[0].shape;
      nodes.push({ name: layer.name, kind: 'linear', inputs, m: denseMatrix(weights[0], inSize, outSize, weights[1] ?? null), relu: config.activation === 'relu', rule: ruleOf('dense') });
      shapes.set(layer.name, [outSize]);
    } else if (cls === 'BatchNormalization') {
      const [gamma, beta, mean, variance] = weights;
      const conv = nodes.find((n) => n.name === inputs[0])!;
      const m = conv.m!;
      for (let j = 0; j < m.outSize; j++) {
        const c = j % gamma.length;
        const scale = gamma[c] / Math.sqrt(variance[c] + (config.epsilon as number));
        for (let i = 0; i < m.inSize; i++) m.w[i * m.outSize + j] *= scale;
        m.b[j] = (m.b[j] - mean[c]) * scale + beta[c];
      }
      alias.set(layer.name, conv.name);
    } else if (cls === 'GlobalAveragePooling2D') {
      const [h, w, c] = shapeIn;
      nodes.push({ name: layer.name, kind: 'linear', inputs, m: poolMatrix(h, w, c), rule: composite.pool });
      shapes.set(layer.name, [c]);
    } else if (cls === 'ZeroPadding2D' || cls === 'MaxPooling2D') {
      const route = cls === 'ZeroPadding2D'
        ? slowZeroPadding(shapeIn, config.padding as [[number, number], [number, number]])
        : slowMaxPool(shapeIn, config.poolSize as [number, number], config.strides as [number, number]);
      nodes.push({ name: layer.name, kind: 'route', inputs, forward: route.forward, backward: route.backward });
      shapes.set(layer.name, route.outShape);
    } else if (cls === 'Add') {
      nodes.push({ name: layer.name, kind: 'sum', inputs });
      shapes.set(layer.name, shapeIn);
    } else {
      // ReLU activations and Flatten: the same units (flattened row-major), relevance passes on
      nodes.push({ name: layer.name, kind: 'pass', inputs, relu: config.activation === 'relu' || cls === 'ReLU' });
      shapes.set(layer.name, cls === 'Flatten' ? [shapeIn.reduce((a, b) => a * b, 1)] : shapeIn);
    }
  }

  const acts = new Map<string, Float64Array>();
  for (const node of nodes) {
    const relu = (v: Float64Array) => (node.relu ? v.map(pos) : v);
    if (node.kind === 'input') acts.set(node.name, Float64Array.from(x));
    else if (node.kind === 'linear') acts.set(node.name, relu(slowForward(node.m!, acts.get(node.inputs[0])!)));
    else if (node.kind === 'route') acts.set(node.name, node.forward!(acts.get(node.inputs[0])!));
    else if (node.kind === 'sum') acts.set(node.name, acts.get(node.inputs[0])!.map((v, i) => v + node.inputs.slice(1).reduce((s, n) => s + acts.get(n)![i], 0)));
    else acts.set(node.name, relu(Float64Array.from(acts.get(node.inputs[0])!)));
  }

  const relevance = new Map<string, Float64Array>();
  const add = (name: string, r: Float64Array) => {
    const prev = relevance.get(name);
    relevance.set(name, prev ? prev.map((v, i) => v + r[i]) : r);
  };
  add(nodes[nodes.length - 1].name, Float64Array.from(r0));
  for (const node of [...nodes].reverse()) {
    const r = relevance.get(node.name);
    if (!r || node.kind === 'input') continue;
    if (node.kind === 'linear') add(node.inputs[0], node.rule!(node.m!, acts.get(node.inputs[0])!, r));
    else if (node.kind === 'pass') add(node.inputs[0], Float64Array.from(r));
    else if (node.kind === 'route') add(node.inputs[0], node.backward!(acts.get(node.inputs[0])!, r));
    else {
      const parts = node.inputs.map((n) => acts.get(n)!);
      const total = parts[0].map((_, i) => parts.reduce((s, p) => s + p[i], 0));
      for (let k = 0; k < parts.length; k++) add(node.inputs[k], parts[k].map((v, i) => v * ratio(r[i], stab(total[i], 1e-6))));
    }
  }
  for (const [name, target] of alias) relevance.set(name, relevance.get(target)!);
  return relevance;
}
