/** Plain, prefixed log lines on stderr, so stdout stays free for JSON / query output. */
export function log(message: string): void {
  if (process.env.I2X_QUIET === '1') return;
  process.stderr.write(`[i2x] ${message}\n`);
}
