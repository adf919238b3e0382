import { I2xError } from '../../util/I2xError.js';
import { describeTorchResNetKeys } from './describeTorchResNetKeys.js';
import type { TorchTensor } from './readSafetensors.js';
import { TORCH_RESNET_ARCHS, type TorchResNetArch } from './torchResNetSpecs.js';

const SHOWN = 5;
const SUPPORTED =
  "Supported: model.arch one of " +
  TORCH_RESNET_ARCHS.join(', ') +
  ", built of Conv2d (no bias), BatchNorm2d, ReLU, max-pool and one Linear in torchvision's or the CIFAR ResNet's module layout.";

/**
 * Throws an E_CHECKPOINT error unless the state_dict has exactly the `expected` keys with their shapes
 * (`num_batches_tracked` may be absent: it is a counter, not a weight). The message lists the first few
 * missing keys, unexpected keys and shape differences, names the model.arch tried, says what the file's keys
 * look like, and what is supported.
 */
export function checkStateDictFits(tensors: Map<string, TorchTensor>, expected: Map<string, number[]>, arch: TorchResNetArch, source: string): void {
  const missing = [...expected.keys()].filter((k) => !tensors.has(k) && !k.endsWith('.num_batches_tracked'));
  const unexpected = [...tensors.keys()].filter((k) => !expected.has(k));
  const reshaped = [...expected].filter(([k, shape]) => tensors.has(k) && !sameShape(tensors.get(k)!.shape, shape, k));
  if (missing.length + unexpected.length + reshaped.length === 0) return;
  const list = (keys: string[]) => keys.slice(0, SHOWN).join(', ') + (keys.length > SHOWN ? `, ... (${keys.length - SHOWN} more)` : '');
  const parts = [
    missing.length ? `${missing.length} missing (${list(missing)})` : '',
    unexpected.length ? `${unexpected.length} unexpected (${list(unexpected)})` : '',
    reshaped.length
      ? `${reshaped.length} of another shape (${reshaped.slice(0, SHOWN).map(([k, shape]) => `${k} is [${tensors.get(k)!.shape.join(', ')}], expected [${shape.join(', ')}]`).join('; ')}${reshaped.length > SHOWN ? '; ...' : ''})`
      : '',
  ].filter(Boolean);
  throw new I2xError(
    'E_CHECKPOINT',
    `Checkpoint '${source}' does not fit model.arch '${arch}': of its ${tensors.size} tensors, ${parts.join('; ')}. ${describeTorchResNetKeys(tensors)} ${SUPPORTED}`,
  );
}

/** A 0-d counter may be stored as [] or [1]. */
function sameShape(actual: number[], expected: number[], key: string): boolean {
  if (key.endsWith('.num_batches_tracked')) return actual.reduce((a, b) => a * b, 1) === 1;
  return actual.length === expected.length && actual.every((n, i) => n === expected[i]);
}
