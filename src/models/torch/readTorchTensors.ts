import { readFileSync } from 'node:fs';
import { I2xError } from '../../util/I2xError.js';
import { checkpointFormatOf } from './checkpointFormatOf.js';
import { readSafetensors, type TorchTensor } from './readSafetensors.js';
import { readTorchStateDict } from './readTorchStateDict.js';

/** A PyTorch checkpoint file's tensors by name (a .safetensors file or a torch.save state_dict), format detected by content. */
export function readTorchTensors(path: string): Map<string, TorchTensor> {
  const format = checkpointFormatOf(path);
  if (format === 'tfjs-layers') throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}' is in the tfjs layers format, not a PyTorch file; load it with loadCheckpoint.`);
  const bytes = readFileSync(path);
  return format === 'safetensors' ? readSafetensors(bytes, path) : readTorchStateDict(bytes, path);
}
