import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArrayFile, writeArrayFile } from '../../src/util/arrayFile.js';

describe('array files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'i2x-array-'));
  it('round-trips values, dtype and shape', () => {
    const f = Float32Array.from([1.5, -2, Number.NaN, 4, 5, 6]);
    writeArrayFile(join(dir, 'a.bin'), f, [2, 3]);
    const back = readArrayFile(join(dir, 'a.bin'));
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual([1.5, -2, Number.NaN, 4, 5, 6]);
    const i = Int32Array.from([7, -8, 9]);
    writeArrayFile(join(dir, 'b.bin'), i, [3]);
    const ib = readArrayFile<Int32Array>(join(dir, 'b.bin'));
    expect(ib.data).toBeInstanceOf(Int32Array);
    expect(Array.from(ib.data)).toEqual([7, -8, 9]);
  });
  it('keeps a format tag in the header when given, and none otherwise', () => {
    writeArrayFile(join(dir, 'tagged.bin'), Int32Array.from([1, 2]), [2], { format: 'i2x-test-thing/1' });
    expect(readArrayFile(join(dir, 'tagged.bin'))).toMatchObject({ format: 'i2x-test-thing/1', dtype: 'int32', shape: [2] });
    writeArrayFile(join(dir, 'untagged.bin'), Int32Array.from([1, 2]), [2]);
    expect(readArrayFile(join(dir, 'untagged.bin')).format).toBeUndefined();
  });
  it('rejects a wrong shape, a foreign file and a truncated one, naming the file', () => {
    expect(() => writeArrayFile(join(dir, 'c.bin'), new Float32Array(5), [2, 3])).toThrow(/c\.bin.*holds 6 values, the array has 5/);
    writeFileSync(join(dir, 'foreign.bin'), 'hello world, not an array');
    expect(() => readArrayFile(join(dir, 'foreign.bin'))).toThrow(/foreign\.bin: not an i2x array file/);
    const whole = readFileSync(join(dir, 'a.bin'));
    writeFileSync(join(dir, 'short.bin'), whole.subarray(0, whole.length - 4));
    expect(() => readArrayFile(join(dir, 'short.bin'))).toThrow(/short\.bin: truncated/);
  });
});
