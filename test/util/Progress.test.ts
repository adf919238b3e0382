import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/util/Progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (text: string) => writes.push(text) } };
}

describe('Progress', () => {
  it('logs plain lines at most every 5 s, plus one at the end, when not interactive', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const progress = new Progress({ label: 'saliency', total: 100, stream, now: () => now });
    for (let i = 0; i < 100; i++) {
      now += 200; // 5 items per second, 20 s in all
      progress.tick();
    }
    progress.done();
    expect(writes).toHaveLength(5); // at 5, 10, 15, 20 s, and the final line
    expect(writes.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(writes[0]).toBe('[i2x] saliency [#####...............] 25/100 25% 5.00/s ETA 15s\n');
    expect(writes.at(-1)).toBe('[i2x] saliency [####################] 100/100 100% 5.00/s in 20s\n');
    progress.done();
    expect(writes).toHaveLength(5);
  });

  it('redraws one line in place on a TTY, throttled', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const progress = new Progress({ label: 'train', total: 1000, stream, now: () => now, interactive: true });
    for (let i = 0; i < 1000; i++) {
      now += 1; // 1000 items/s over 1 s: about 10 redraws at 100 ms
      progress.tick();
    }
    progress.done();
    expect(writes.length).toBeGreaterThan(5);
    expect(writes.length).toBeLessThan(15);
    expect(writes.every((text) => text.startsWith('\r\x1b[2K'))).toBe(true);
    expect(writes.slice(0, -1).every((text) => !text.endsWith('\n'))).toBe(true);
    expect(writes.at(-1)).toMatch(/1000\/1000 100% 1000\.0\/s in 1\.0s\n$/);
    expect(writes[1]).toMatch(/ETA /);
  });

  it('shows only count and rate when the total is unknown', () => {
    let now = 0;
    const { stream } = fakeStream(false);
    const progress = new Progress({ label: 'batches', total: 0, stream, now: () => now });
    now = 2000;
    progress.update(10);
    expect(progress.line()).toBe('batches 10 5.00/s');
  });
});
