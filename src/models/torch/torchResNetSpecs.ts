/**
 * The PyTorch ResNet families `train.load` reads. The block layout is fixed by the name; channel counts,
 * input channels and classes are read from the checkpoint's tensors (so width-reduced variants, and
 * torchvision's wide_resnet50_2 under 'torchvision-resnet50', load too).
 *  - torchvision: conv1 7x7/2 pad 3, bn1, relu, maxpool 3/2/1, layer1..layer4 (stride 1, 2, 2, 2), fc
 *    (torchvision.models.resnet18 / 34 / 50; Bottleneck strides its 3x3 convolution, torchvision's "v1.5").
 *  - cifar: conv1 3x3/1 pad 1, bn1, relu, layer1..layerN (stride 1, then 2), linear or fc, no max-pool
 *    (kuangliu/pytorch-cifar's ResNet18 / 34 / 50, and He et al.'s ResNet-20 with projection shortcuts).
 * Shortcuts are `downsample.{0,1}` or `shortcut.{0,1}` (a 1x1 convolution and a BatchNorm) wherever the file
 * has them; a block without one adds its input. Global average pooling precedes the classifier.
 */
export interface TorchResNetSpec {
  stem: 'torchvision' | 'cifar';
  block: 'basic' | 'bottleneck';
  blocksPerStage: number[];
}

export const TORCH_RESNET_SPECS = {
  'torchvision-resnet18': { stem: 'torchvision', block: 'basic', blocksPerStage: [2, 2, 2, 2] },
  'torchvision-resnet34': { stem: 'torchvision', block: 'basic', blocksPerStage: [3, 4, 6, 3] },
  'torchvision-resnet50': { stem: 'torchvision', block: 'bottleneck', blocksPerStage: [3, 4, 6, 3] },
  'cifar-resnet18': { stem: 'cifar', block: 'basic', blocksPerStage: [2, 2, 2, 2] },
  'cifar-resnet20': { stem: 'cifar', block: 'basic', blocksPerStage: [3, 3, 3] },
  'cifar-resnet34': { stem: 'cifar', block: 'basic', blocksPerStage: [3, 4, 6, 3] },
  'cifar-resnet50': { stem: 'cifar', block: 'bottleneck', blocksPerStage: [3, 4, 6, 3] },
} as const satisfies Record<string, TorchResNetSpec>;

export type TorchResNetArch = keyof typeof TORCH_RESNET_SPECS;
export const TORCH_RESNET_ARCHS = Object.keys(TORCH_RESNET_SPECS) as TorchResNetArch[];

export function isTorchResNetArch(arch: string): arch is TorchResNetArch {
  return Object.hasOwn(TORCH_RESNET_SPECS, arch);
}
