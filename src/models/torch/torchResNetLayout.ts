import type { TorchTensor } from './readSafetensors.js';
import type { TorchResNetSpec } from './torchResNetSpecs.js';

/**
 * One layer of a PyTorch ResNet as i2x builds it, named as buildResNet names its layers (stem_conv,
 * stage{s}_block{b}_conv1, ..._short_conv, ..._out, pool, logits) so that feature layers and saliency layers
 * are found the same way; `torch` is the module's state_dict prefix.
 */
export type TorchLayoutNode =
  | { kind: 'conv'; name: string; input: string; torch: string; inChannels: number; filters: number; kernel: number; stride: number }
  | { kind: 'bn'; name: string; input: string; torch: string; channels: number }
  | { kind: 'relu' | 'gap'; name: string; input: string }
  | { kind: 'maxpool'; name: string; input: string }
  | { kind: 'add'; name: string; inputs: [string, string] }
  | { kind: 'linear'; name: string; input: string; torch: string; inUnits: number; units: number };

export interface TorchResNetLayout {
  nodes: TorchLayoutNode[];
  /** the parameters the layout expects, by state_dict key, with their PyTorch shapes */
  expected: Map<string, number[]>;
}

/**
 * The layers of `spec` with the channel counts the checkpoint's tensors give (a tensor that is absent
 * falls back to torchvision's widths, so that the comparison with the file still lists every difference),
 * for images of `inChannels` channels. The shortcut and classifier names (downsample / shortcut, fc / linear)
 * are the ones the file uses.
 */
export function torchResNetLayout(spec: TorchResNetSpec, tensors: Map<string, TorchTensor>, inChannels: number): TorchResNetLayout {
  // a width from the first of `keys` the file has (a convolution's or its BatchNorm's), so that one missing
  // tensor is reported as missing rather than as every shape that depends on it
  const dim = (keys: string[], fallback: number) => keys.map((k) => tensors.get(k)?.shape[0]).find((n) => n !== undefined) ?? fallback;
  const keys = [...tensors.keys()];
  const shortName = keys.some((k) => k.includes('.shortcut.')) ? 'shortcut' : keys.some((k) => k.includes('.downsample.')) ? 'downsample' : spec.stem === 'torchvision' ? 'downsample' : 'shortcut';
  const headName = tensors.has('fc.weight') ? 'fc' : tensors.has('linear.weight') ? 'linear' : spec.stem === 'torchvision' ? 'fc' : 'linear';

  const nodes: TorchLayoutNode[] = [];
  const expected = new Map<string, number[]>();
  const conv = (name: string, input: string, torch: string, inCh: number, filters: number, kernel: number, stride: number) => {
    nodes.push({ kind: 'conv', name, input, torch, inChannels: inCh, filters, kernel, stride });
    expected.set(`${torch}.weight`, [filters, inCh, kernel, kernel]);
    return name;
  };
  const bn = (name: string, input: string, torch: string, channels: number) => {
    nodes.push({ kind: 'bn', name, input, torch, channels });
    for (const p of ['weight', 'bias', 'running_mean', 'running_var']) expected.set(`${torch}.${p}`, [channels]);
    expected.set(`${torch}.num_batches_tracked`, []);
    return name;
  };
  const relu = (name: string, input: string) => (nodes.push({ kind: 'relu', name, input }), name);

  const stem = dim(['conv1.weight', 'bn1.weight'], 64);
  const stemKernel = spec.stem === 'torchvision' ? 7 : 3;
  let x = relu('stem_relu', bn('stem_bn', conv('stem_conv', 'input', 'conv1', inChannels, stem, stemKernel, spec.stem === 'torchvision' ? 2 : 1), 'bn1', stem));
  if (spec.stem === 'torchvision') {
    nodes.push({ kind: 'maxpool', name: 'stem_pool', input: x });
    x = 'stem_pool';
  }
  let inCh = stem;
  spec.blocksPerStage.forEach((blocks, s) => {
    const defaultWidth = 64 * 2 ** s;
    const mid = dim([`layer${s + 1}.0.conv1.weight`, `layer${s + 1}.0.bn1.weight`], defaultWidth);
    const out = spec.block === 'basic' ? mid : dim([`layer${s + 1}.0.conv3.weight`, `layer${s + 1}.0.bn3.weight`], mid * 4);
    for (let b = 0; b < blocks; b++) {
      const t = `layer${s + 1}.${b}`;
      const p = `stage${s + 1}_block${b + 1}`;
      const stride = b === 0 && s > 0 ? 2 : 1;
      let h: string;
      if (spec.block === 'basic') {
        h = relu(`${p}_relu1`, bn(`${p}_bn1`, conv(`${p}_conv1`, x, `${t}.conv1`, inCh, mid, 3, stride), `${t}.bn1`, mid));
        h = bn(`${p}_bn2`, conv(`${p}_conv2`, h, `${t}.conv2`, mid, out, 3, 1), `${t}.bn2`, out);
      } else {
        h = relu(`${p}_relu1`, bn(`${p}_bn1`, conv(`${p}_conv1`, x, `${t}.conv1`, inCh, mid, 1, 1), `${t}.bn1`, mid));
        h = relu(`${p}_relu2`, bn(`${p}_bn2`, conv(`${p}_conv2`, h, `${t}.conv2`, mid, mid, 3, stride), `${t}.bn2`, mid));
        h = bn(`${p}_bn3`, conv(`${p}_conv3`, h, `${t}.conv3`, mid, out, 1, 1), `${t}.bn3`, out);
      }
      const projected = tensors.has(`${t}.${shortName}.0.weight`) || stride !== 1 || inCh !== out;
      const shortcut = projected ? bn(`${p}_short_bn`, conv(`${p}_short_conv`, x, `${t}.${shortName}.0`, inCh, out, 1, stride), `${t}.${shortName}.1`, out) : x;
      nodes.push({ kind: 'add', name: `${p}_add`, inputs: [h, shortcut] });
      x = relu(`${p}_out`, `${p}_add`);
      inCh = out;
    }
  });
  nodes.push({ kind: 'gap', name: 'pool', input: x });
  const units = dim([`${headName}.weight`, `${headName}.bias`], 1000);
  nodes.push({ kind: 'linear', name: 'logits', input: 'pool', torch: headName, inUnits: inCh, units });
  expected.set(`${headName}.weight`, [units, inCh]);
  expected.set(`${headName}.bias`, [units]);
  return { nodes, expected };
}
