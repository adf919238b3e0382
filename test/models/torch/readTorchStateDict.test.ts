import { zipSync } from 'fflate';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointFormatOf } from '../../../src/models/torch/checkpointFormatOf.js';
import { readSafetensors } from '../../../src/models/torch/readSafetensors.js';
import { readTorchStateDict } from '../../../src/models/torch/readTorchStateDict.js';
import { readTorchTensors } from '../../../src/models/torch/readTorchTensors.js';
import { fixtureJson, fixturePath } from './torchFixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'i2x-torch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A torch.save-shaped zip around a hand-written pickle. */
function archive(pickle: number[], extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({ 'x/data.pkl': new Uint8Array(pickle), 'x/version': new TextEncoder().encode('3\n'), ...extra }, { level: 0 });
}
const ascii = (s: string) => [...new TextEncoder().encode(s)];

describe('readTorchStateDict', () => {
  it('resolves storage offsets, shared storages, strides, float64, int64 and 0-d tensors as PyTorch laid them out', () => {
    const expected = fixtureJson<Record<string, { shape: number[]; values: number[] }>>('views.expected.json');
    const tensors = readTorchStateDict(readFileSync(fixturePath('views.pt')), 'views.pt');
    expect([...tensors.keys()]).toEqual(Object.keys(expected));
    for (const [name, want] of Object.entries(expected)) {
      expect(tensors.get(name)!.shape, name).toEqual(want.shape);
      expect(Array.from(tensors.get(name)!.values), name).toEqual(want.values.map(Math.fround));
    }
  });

  it('reads the same tensors from a .pt as from the .safetensors the fixture script wrote by hand', () => {
    for (const name of ['tv_resnet18', 'cifar_resnet20']) {
      const pt = readTorchStateDict(readFileSync(fixturePath(`${name}.pt`)), `${name}.pt`);
      const st = readSafetensors(readFileSync(fixturePath(`${name}.safetensors`)), `${name}.safetensors`);
      expect([...pt.keys()]).toEqual([...st.keys()]);
      expect(pt.size).toBeGreaterThan(50);
      for (const [key, t] of st) {
        expect(pt.get(key)!.shape, key).toEqual(t.shape);
        expect(pt.get(key)!.values, key).toEqual(t.values);
      }
    }
  });

  it('takes the state_dict out of a checkpoint dict that nests it under state_dict', () => {
    const tensors = readTorchStateDict(readFileSync(fixturePath('nested.pt')), 'nested.pt');
    expect([...tensors.keys()]).toEqual(['offset']);
    expect(Array.from(tensors.get('offset')!.values)).toEqual([1.5, 2, 2.5, 3]);
  });

  it('refuses a truncated file, naming it', () => {
    const bytes = readFileSync(fixturePath('tv_resnet18.pt'));
    expect(() => readTorchStateDict(bytes.subarray(0, bytes.length >> 1), 'cut.pt')).toThrow(/'cut\.pt'.*truncated or damaged/);
    expect(() => readTorchStateDict(bytes.subarray(0, bytes.length - 30), 'cut.pt')).toThrow(/'cut\.pt'.*truncated or damaged/);
  });

  it("refuses a pickle that calls os.system, naming the global and saying only a state_dict is accepted, and runs nothing", () => {
    expect(() => readTorchStateDict(readFileSync(fixturePath('forbidden_global.pt')), 'evil.pt')).toThrow(
      /'evil\.pt'.*global 'posix\.system'.*only a plain state_dict/,
    );
  });

  it('refuses opcodes a state_dict does not need (INST, OBJ) and REDUCE on a storage class', () => {
    // PROTO 2, MARK, INST 'os\nsystem\n'
    expect(() => readTorchStateDict(archive([0x80, 2, 0x28, ...ascii('ios\nsystem\n'), 0x2e]), 'inst.pt')).toThrow(/'inst\.pt'.*opcode 0x69 \('i'\).*only a plain state_dict/);
    // PROTO 2, GLOBAL torch FloatStorage, EMPTY_TUPLE, REDUCE: a storage class is a marker, never called
    expect(() => readTorchStateDict(archive([0x80, 2, ...ascii('ctorch\nFloatStorage\n'), 0x29, 0x52, 0x2e]), 'call.pt')).toThrow(/'call\.pt'.*calls 'torch\.FloatStorage'/);
    // a dict of a non-tensor: {'a': 1}
    expect(() => readTorchStateDict(archive([0x80, 2, 0x7d, 0x58, 1, 0, 0, 0, 0x61, 0x4b, 1, 0x73, 0x2e]), 'int.pt')).toThrow(/'int\.pt'.*entries 'a' are not tensors/);
  });

  it('refuses a view that reaches past its storage, and a missing storage', () => {
    // {'w': _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 2), 1, (2,), (1,), False, OrderedDict())}
    const pickle = [
      0x80, 2, 0x7d, 0x58, 1, 0, 0, 0, 0x77, ...ascii('ctorch._utils\n_rebuild_tensor_v2\n'), 0x28,
      0x28, 0x58, 7, 0, 0, 0, ...ascii('storage'), ...ascii('ctorch\nFloatStorage\n'), 0x58, 1, 0, 0, 0, 0x30, 0x58, 3, 0, 0, 0, ...ascii('cpu'), 0x4b, 2, 0x74, 0x51,
      0x4b, 1, 0x4b, 2, 0x85, 0x4b, 1, 0x85, 0x89, ...ascii('ccollections\nOrderedDict\n'), 0x29, 0x52, 0x74, 0x52, 0x73, 0x2e,
    ];
    const two = new Uint8Array(new Float32Array([1, 2]).buffer);
    expect(() => readTorchStateDict(archive(pickle, { 'x/data/0': two }), 'past.pt')).toThrow(/'past\.pt'.*tensor 'w' \[2\] \(offset 1, strides 1\) reaches past its storage of 2 elements/);
    expect(() => readTorchStateDict(archive(pickle), 'gone.pt')).toThrow(/'gone\.pt'.*storage '0' of tensor 'w' is missing/);
    // the same pickle with offset 0 reads [1, 2]: the hand-written pickle itself is sound
    const ok = [...pickle];
    ok[ok.indexOf(0x51) + 2] = 0;
    expect(Array.from(readTorchStateDict(archive(ok, { 'x/data/0': two }), 'ok.pt').get('w')!.values)).toEqual([1, 2]);
  });
});

describe('checkpointFormatOf', () => {
  it('tells the formats apart by content, whatever the file is called', () => {
    const copy = (from: string, to: string) => {
      writeFileSync(join(scratch, to), readFileSync(fixturePath(from)));
      return join(scratch, to);
    };
    expect(checkpointFormatOf(copy('tv_resnet18.pt', 'a.bin'))).toBe('torch-zip');
    expect(checkpointFormatOf(copy('tv_resnet18.safetensors', 'b.pt'))).toBe('safetensors');
    expect(checkpointFormatOf(scratch)).toBe('tfjs-layers');
    writeFileSync(join(scratch, 'model.json'), '{"modelTopology": {}}');
    expect(checkpointFormatOf(join(scratch, 'model.json'))).toBe('tfjs-layers');
    writeFileSync(join(scratch, 'legacy.pt'), new Uint8Array([0x80, 2, 0x8a, 0x0a]));
    expect(() => checkpointFormatOf(join(scratch, 'legacy.pt'))).toThrow(/legacy\.pt' is in PyTorch's legacy torch\.save format/);
    writeFileSync(join(scratch, 'junk.pt'), 'hello world, not a model');
    expect(() => checkpointFormatOf(join(scratch, 'junk.pt'))).toThrow(/junk\.pt': its first bytes match none.*safetensors/);
    expect(() => checkpointFormatOf(join(scratch, 'absent.pt'))).toThrow(/absent\.pt': file not found/);
    expect(readTorchTensors(join(scratch, 'a.bin')).size).toBe(readTorchTensors(join(scratch, 'b.pt')).size);
  });
});
