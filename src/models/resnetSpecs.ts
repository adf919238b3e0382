/** The ResNet family i2x builds. Channel counts are before the width multiplier. */
export interface ResNetSpec {
  block: 'basic' | 'bottleneck';
  stemChannels: number;
  stageChannels: number[];
  blocksPerStage: number[];
  stageStrides: number[];
}

export const RESNET_SPECS = {
  /** As ../shared/reference/torch_resnet_bench.py: conv3x3(16) BN ReLU; one basic block per stage 16/32/64, strides 1/2/2. */
  resnet8: { block: 'basic', stemChannels: 16, stageChannels: [16, 32, 64], blocksPerStage: [1, 1, 1], stageStrides: [1, 2, 2] },
  /** The 3-stage CIFAR ResNet of He et al. (2016), n = 3 (projection shortcuts where the shape changes). */
  resnet20: { block: 'basic', stemChannels: 16, stageChannels: [16, 32, 64], blocksPerStage: [3, 3, 3], stageStrides: [1, 2, 2] },
  /** ResNet-18 with a 3x3 stride-1 stem and no max-pool, suited to 28/32-pixel inputs. */
  resnet18: { block: 'basic', stemChannels: 64, stageChannels: [64, 128, 256, 512], blocksPerStage: [2, 2, 2, 2], stageStrides: [1, 2, 2, 2] },
  /** ResNet-50 (bottleneck, expansion 4) with the same small-input stem. */
  resnet50: { block: 'bottleneck', stemChannels: 64, stageChannels: [64, 128, 256, 512], blocksPerStage: [3, 4, 6, 3], stageStrides: [1, 2, 2, 2] },
} as const satisfies Record<string, ResNetSpec>;

export type ResNetArch = keyof typeof RESNET_SPECS;
export const RESNET_ARCHS = Object.keys(RESNET_SPECS) as ResNetArch[];

export function isResNetArch(arch: string): arch is ResNetArch {
  return Object.hasOwn(RESNET_SPECS, arch);
}
