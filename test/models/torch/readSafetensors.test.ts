import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../../src/models/torch/readSafetensors.js';

/** A safetensors file built byte by byte, as the format's spec lays it out. */
function file(header: object, data: number[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('readSafetensors', () => {
  it('reads F32 and F16 tensors at their offsets (values hand-encoded)', () => {
    // 1.5f32 = 0x3FC00000, -2f32 = 0xC0000000 (little-endian bytes); 0.5f16 = 0x3800, -1f16 = 0xBC00
    const bytes = file(
      { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F16', shape: [1, 2], data_offsets: [8, 12] }, __metadata__: { format: 'pt' } },
      [0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x38, 0x00, 0xbc],
    );
    const t = readSafetensors(bytes, 'x.safetensors');
    expect([...t.keys()]).toEqual(['a', 'b']);
    expect(Array.from(t.get('a')!.values)).toEqual([1.5, -2]);
    expect(t.get('b')!.shape).toEqual([1, 2]);
    expect(Array.from(t.get('b')!.values)).toEqual([0.5, -1]);
  });

  it('refuses a truncated file, naming it', () => {
    const bytes = file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]);
    expect(() => readSafetensors(bytes.subarray(0, bytes.length - 3), 'cut.safetensors')).toThrow(/cut\.safetensors.*'a'.*truncated/);
    expect(() => readSafetensors(bytes.subarray(0, 20), 'cut.safetensors')).toThrow(/cut\.safetensors.*header claims/);
  });

  it('refuses an unsupported dtype, listing the accepted ones', () => {
    const bytes = file({ q: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, [7]);
    expect(() => readSafetensors(bytes, 'q.safetensors')).toThrow(/'q' has dtype U8; accepted: F32, F16, F64, I64/);
  });
});
