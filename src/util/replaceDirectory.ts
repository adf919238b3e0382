import { existsSync, renameSync, rmSync } from 'node:fs';

/**
 * Moves the finished directory `source` to `target`, replacing what was there: the old `target` is first
 * renamed aside, so readers see the old or the new directory, and at most briefly none; then it is removed.
 */
export function replaceDirectory(source: string, target: string): void {
  const aside = `${target}.old-${process.pid}-${Date.now()}`;
  const hadTarget = existsSync(target);
  if (hadTarget) renameSync(target, aside);
  try {
    renameSync(source, target);
  } catch (err) {
    if (hadTarget) renameSync(aside, target);
    throw err;
  }
  if (hadTarget) rmSync(aside, { recursive: true, force: true });
}
