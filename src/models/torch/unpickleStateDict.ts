import { I2xError } from '../../util/I2xError.js';

/** A storage reference as `torch.save` writes it (a persistent id): the bytes live in `<archive>/data/<key>`. */
export interface PickledStorage {
  kind: 'storage';
  /** the storage class, e.g. 'FloatStorage' */
  storageClass: string;
  key: string;
  /** elements in the storage */
  numel: number;
}

/** A tensor as `torch._utils._rebuild_tensor_v2` describes it: a window of a storage. */
export interface PickledTensor {
  kind: 'tensor';
  storage: PickledStorage;
  offset: number;
  shape: number[];
  stride: number[];
}

/** What a plain state_dict's pickle can hold: dicts (Map), tuples / lists (arrays), scalars, strings and tensors. */
export type PickleValue = null | boolean | number | string | PickleValue[] | Map<PickleValue, PickleValue> | PickledTensor | PickledStorage | PickledGlobal;

interface PickledGlobal {
  kind: 'global';
  name: string;
}

/** The classes and functions a state_dict's pickle refers to; anything else is refused before it could be called. */
const STORAGE_CLASSES = ['FloatStorage', 'DoubleStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage', 'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage'];
const ALLOWED_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...STORAGE_CLASSES.map((c) => `torch.${c}`),
]);

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

/**
 * A pickle virtual machine for `torch.save(model.state_dict())`'s `data.pkl` and nothing more: it knows the
 * data opcodes of protocols 2-4 (dicts, tuples, lists, ints, floats, strings, memo), GLOBAL / STACK_GLOBAL only
 * for collections.OrderedDict, torch._utils._rebuild_tensor_v2 / _rebuild_parameter and torch's storage
 * classes, REDUCE only on those, BUILD only on an OrderedDict (its `_metadata` is dropped) and persistent ids
 * only as storage references. Python's pickle runs any callable a file names; this one refuses any other
 * opcode or global with an E_CHECKPOINT error naming `source`, before anything is called.
 */
export function unpickleStateDict(bytes: Uint8Array, source: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let at = 0;
  const fail = (what: string): never => {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the pickle ${what}; only a plain state_dict (a dict of tensors, as torch.save(model.state_dict(), path) writes) is accepted, so nothing in the file is ever run.`);
  };
  const need = (n: number) => {
    if (at + n > bytes.length) throw new I2xError('E_CHECKPOINT', `Checkpoint '${source}': the pickle ends inside an opcode at byte ${at}; the file is truncated or damaged.`);
  };
  const u8 = () => (need(1), bytes[at++]);
  const u16 = () => (need(2), (at += 2), view.getUint16(at - 2, true));
  const u32 = () => (need(4), (at += 4), view.getUint32(at - 4, true));
  const i32 = () => (need(4), (at += 4), view.getInt32(at - 4, true));
  const text = (n: number) => (need(n), (at += n), new TextDecoder().decode(bytes.subarray(at - n, at)));
  const line = () => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) fail('has an unterminated GLOBAL');
    const s = new TextDecoder().decode(bytes.subarray(at, end));
    at = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail(`pops an empty stack or a mark at byte ${at}`);
    return v;
  };
  const popMark = (): PickleValue[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) return fail(`has no MARK before byte ${at}`);
    const items = stack.splice(i) as PickleValue[];
    return items.slice(1);
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail(`needs a value on the stack at byte ${at}`);
    return v;
  };
  const global = (name: string): PickledGlobal => {
    if (!ALLOWED_GLOBALS.has(name)) fail(`names the global '${name}', which a state_dict does not need (accepted: ${[...ALLOWED_GLOBALS].join(', ')})`);
    return { kind: 'global', name };
  };
  const setItems = (dict: PickleValue, items: PickleValue[]) => {
    if (!(dict instanceof Map)) return fail(`sets items on something that is not a dict at byte ${at}`);
    for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1]);
  };

  while (true) {
    if (at >= bytes.length) fail('ends without STOP; the file is truncated or damaged');
    const op = bytes[at++];
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: need(8); at += 8; break; // FRAME (protocol 4): a length hint
      case 0x2e: { // STOP
        const result = pop();
        return result;
      }
      case 0x28: stack.push(MARK); break; // MARK
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x8a: { // LONG1: little-endian two's complement
        const n = u8();
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]);
        if (n > 0 && bytes[at + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        at += n;
        stack.push(Number(v));
        break;
      }
      case 0x47: need(8); stack.push(view.getFloat64(at, false)); at += 8; break; // BINFLOAT (big-endian)
      case 0x58: stack.push(text(u32())); break; // BINUNICODE
      case 0x8c: stack.push(text(u8())); break; // SHORT_BINUNICODE
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); const list = top(); if (!Array.isArray(list)) fail('appends to a non-list'); (list as PickleValue[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); const list = top(); if (!Array.isArray(list)) fail('appends to a non-list'); (list as PickleValue[]).push(...items); break; } // APPENDS
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!memo.has(i)) fail(`reads memo ${i}, which was never stored`);
        stack.push(memo.get(i)!);
        break;
      }
      case 0x30: pop(); break; // POP
      case 0x63: { const module = line(); stack.push(global(`${module}.${line()}`)); break; } // GLOBAL
      case 0x93: { const name = pop(); const module = pop(); stack.push(global(`${String(module)}.${String(name)}`)); break; } // STACK_GLOBAL
      case 0x51: stack.push(storageOf(pop(), fail)); break; // BINPERSID
      case 0x52: { const args = pop(); stack.push(reduce(pop(), args, fail)); break; } // REDUCE
      case 0x62: { // BUILD: only an OrderedDict's attributes (torch's `_metadata`), which i2x does not need
        const state = pop();
        if (!(top() instanceof Map) || !(state instanceof Map)) fail(`BUILDs an object that is not an OrderedDict at byte ${at - 1}`);
        break;
      }
      default:
        fail(`has opcode 0x${op.toString(16).padStart(2, '0')} ('${String.fromCharCode(op)}') at byte ${at - 1}, which a state_dict does not need`);
    }
  }
}

function storageOf(pid: PickleValue, fail: (what: string) => never): PickledStorage {
  // ('storage', <storage class>, key, location, numel)
  if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage') return fail('has a persistent id that is not a tensor storage');
  const [, cls, key, , numel] = pid;
  if (!isGlobal(cls) || !cls.name.endsWith('Storage') || typeof key !== 'string' || typeof numel !== 'number') return fail('has a malformed storage reference');
  return { kind: 'storage', storageClass: cls.name.slice('torch.'.length), key, numel };
}

function reduce(callable: PickleValue, args: PickleValue, fail: (what: string) => never): PickleValue {
  if (!isGlobal(callable) || !Array.isArray(args)) return fail('REDUCEs something that is not an accepted global');
  switch (callable.name) {
    case 'collections.OrderedDict':
      if (args.length !== 0) fail('builds an OrderedDict from arguments');
      return new Map();
    case 'torch._utils._rebuild_tensor_v2': {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      const [storage, offset, shape, stride] = args;
      const ints = (v: PickleValue) => Array.isArray(v) && v.every((x) => typeof x === 'number');
      if (!isStorage(storage) || typeof offset !== 'number' || !ints(shape) || !ints(stride) || (shape as number[]).length !== (stride as number[]).length) {
        return fail('calls _rebuild_tensor_v2 with arguments that are not (storage, offset, size, stride, ...)');
      }
      return { kind: 'tensor', storage, offset, shape: shape as number[], stride: stride as number[] };
    }
    case 'torch._utils._rebuild_parameter': {
      const [data] = args;
      if (!isTensor(data)) fail('calls _rebuild_parameter on something that is not a tensor');
      return data;
    }
  }
  return fail(`calls '${callable.name}', which is only accepted as a storage type`);
}

function isGlobal(v: PickleValue): v is PickledGlobal {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && v.kind === 'global';
}

function isStorage(v: PickleValue): v is PickledStorage {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && v.kind === 'storage';
}

/** Whether a pickle value is a tensor (what `_rebuild_tensor_v2` returned). */
export function isTensor(v: PickleValue): v is PickledTensor {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && v.kind === 'tensor';
}
