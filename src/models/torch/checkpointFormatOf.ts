import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { I2xError } from '../../util/I2xError.js';

/** The checkpoint formats `train.load.checkpoints` accepts. */
export type CheckpointFormat = 'tfjs-layers' | 'safetensors' | 'torch-zip';

const CHECKPOINT_FORMATS_ACCEPTED =
  "a directory holding model.json (i2x's tfjs layers format) or a model.json, a .safetensors file, or a PyTorch state_dict file (.pt / .pth, as torch.save writes it since PyTorch 1.6)";

/**
 * Which format a checkpoint path holds, by content, not by name: a directory or a JSON file is the tfjs
 * layers format, `PK\x03\x04` is torch.save's zip archive, an 8-byte little-endian length followed by `{` is
 * safetensors. PyTorch's legacy format (a bare pickle, PyTorch < 1.6) and anything else are E_CHECKPOINT
 * errors naming the path and what is accepted.
 */
export function checkpointFormatOf(path: string): CheckpointFormat {
  if (!existsSync(path)) throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}': file not found; expected ${CHECKPOINT_FORMATS_ACCEPTED}.`);
  if (statSync(path).isDirectory()) return 'tfjs-layers';
  const head = new Uint8Array(16);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const firstText = new TextDecoder().decode(head.subarray(0, n)).trimStart();
  if (firstText.startsWith('{')) return 'tfjs-layers';
  if (n >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'torch-zip';
  if (n >= 9 && head[8] === 0x7b /* { */) return 'safetensors';
  if (n >= 2 && head[0] === 0x80 && head[1] <= 5) {
    throw new I2xError(
      'E_CHECKPOINT',
      `Checkpoint '${path}' is in PyTorch's legacy torch.save format (a bare pickle, PyTorch < 1.6), which i2x does not read; re-save it with a recent PyTorch (torch.save(torch.load(p), p)) or as safetensors.`,
    );
  }
  throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}': its first bytes match none of the accepted formats; expected ${CHECKPOINT_FORMATS_ACCEPTED}.`);
}
