import type { TorchTensor } from './readSafetensors.js';

/** Prefixes that wrapping a model adds to every key: nn.DataParallel / DistributedDataParallel, torch.compile. */
const WRAPPER_PREFIXES = ['module.', '_orig_mod.'];

/** The state_dict with a wrapper's prefix removed when every key carries it (repeatedly: a compiled DDP model has both). */
export function withoutWrapperPrefix(tensors: Map<string, TorchTensor>): Map<string, TorchTensor> {
  let current = tensors;
  for (;;) {
    const keys = [...current.keys()];
    const prefix = WRAPPER_PREFIXES.find((p) => keys.length > 0 && keys.every((k) => k.startsWith(p)));
    if (!prefix) return current;
    current = new Map([...current].map(([k, v]) => [k.slice(prefix.length), v]));
  }
}
