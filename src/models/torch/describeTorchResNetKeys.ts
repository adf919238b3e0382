import type { TorchTensor } from './readSafetensors.js';
import { TORCH_RESNET_ARCHS, TORCH_RESNET_SPECS } from './torchResNetSpecs.js';

/**
 * What a state_dict's keys say it is, as a sentence for error messages: its stem (from conv1's kernel), block
 * type (a conv3 means bottleneck) and blocks per layer, and the model.arch with that layout if there is one.
 */
export function describeTorchResNetKeys(tensors: Map<string, TorchTensor>): string {
  const stemKernel = tensors.get('conv1.weight')?.shape[2];
  if (stemKernel === undefined) return 'The file has no conv1.weight, so it is not a ResNet of these layouts.';
  const blocks: number[] = [];
  let bottleneck = false;
  for (const key of tensors.keys()) {
    const m = /^layer(\d+)\.(\d+)\.conv(\d)\./.exec(key);
    if (!m) continue;
    const s = Number(m[1]) - 1;
    blocks[s] = Math.max(blocks[s] ?? 0, Number(m[2]) + 1);
    if (m[3] === '3') bottleneck = true;
  }
  const stem = stemKernel === 7 ? 'torchvision' : stemKernel === 3 ? 'cifar' : `${stemKernel}x${stemKernel}`;
  const counts = Array.from(blocks, (n) => n ?? 0);
  const match = TORCH_RESNET_ARCHS.find((a) => {
    const spec = TORCH_RESNET_SPECS[a];
    return spec.stem === stem && spec.block === (bottleneck ? 'bottleneck' : 'basic') && spec.blocksPerStage.join() === counts.join();
  });
  const shape = `a ${stem} stem with ${bottleneck ? 'bottleneck' : 'basic'} blocks [${counts.join(', ')}] per layer`;
  return match ? `The file's keys look like ${shape}: model.arch '${match}'.` : `The file's keys look like ${shape}, which no model.arch covers.`;
}
