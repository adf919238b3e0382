/** Where progress goes: stderr by default; anything with `write` (and maybe `isTTY`, `columns`) in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  /** number of items; 0 when unknown (then no bar, percentage or ETA) */
  total: number;
  stream?: ProgressStream;
  /** redraw one line in place; default: the stream is a TTY and CI is not 'true' */
  interactive?: boolean;
  /** milliseconds; injectable for tests */
  now?: () => number;
}

/** In place on a TTY: redraws at most every 100 ms. Otherwise: a line at most every 5 s, plus one at the end. */
const REDRAW_MS = 100;
const LOG_EVERY_MS = 5000;
const BAR_WIDTH = 20;

/**
 * Reports progress over a known number of items on stderr: count/total, rate (items/s) and ETA.
 * `I2X_QUIET=1` silences it unless a stream is given.
 */
export class Progress {
  private readonly label: string;
  private readonly total: number;
  private readonly stream: ProgressStream | undefined;
  private readonly interactive: boolean;
  private readonly now: () => number;
  private readonly startedAt: number;
  private count = 0;
  private lastWriteAt: number;
  private finished = false;

  constructor(options: ProgressOptions) {
    this.label = options.label;
    this.total = Math.max(0, options.total);
    this.stream = options.stream ?? (process.env.I2X_QUIET === '1' ? undefined : process.stderr);
    this.interactive = options.interactive ?? (this.stream?.isTTY === true && process.env.CI !== 'true');
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
    this.lastWriteAt = this.interactive ? -Infinity : this.startedAt;
  }

  /** `n` more items are done. */
  tick(n = 1): void {
    this.update(this.count + n);
  }

  /** `count` items are done in all. */
  update(count: number): void {
    if (this.finished) return;
    this.count = count;
    const now = this.now();
    if (now - this.lastWriteAt < (this.interactive ? REDRAW_MS : LOG_EVERY_MS)) return;
    this.lastWriteAt = now;
    this.write(false);
  }

  /** Writes the final line (once). */
  done(): void {
    if (this.finished) return;
    this.finished = true;
    this.write(true);
  }

  /** The status line, e.g. `features [#####...............] 120/500 24% 35.2/s ETA 11s`. */
  line(): string {
    const elapsed = (this.now() - this.startedAt) / 1000;
    const rate = elapsed > 0 ? this.count / elapsed : 0;
    const parts = [this.label];
    if (this.total > 0) {
      const fraction = Math.min(1, this.count / this.total);
      const filled = Math.round(fraction * BAR_WIDTH);
      parts.push(`[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`, `${this.count}/${this.total}`, `${Math.floor(fraction * 100)}%`);
    } else {
      parts.push(`${this.count}`);
    }
    parts.push(`${rate.toFixed(rate < 10 ? 2 : 1)}/s`);
    if (this.finished) parts.push(`in ${formatSeconds(elapsed)}`);
    else if (this.total > 0 && rate > 0) parts.push(`ETA ${formatSeconds(Math.max(0, this.total - this.count) / rate)}`);
    return parts.join(' ');
  }

  private write(final: boolean): void {
    if (this.stream === undefined) return;
    const text = `[i2x] ${this.line()}`;
    if (this.interactive) {
      const width = this.stream.columns ?? 120;
      this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(1, width - 1))}${final ? '\n' : ''}`);
    } else {
      this.stream.write(`${text}\n`);
    }
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
