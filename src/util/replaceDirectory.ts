import { existsSync, renameSync, rmSync } from 'node:fs';
import { escapeRegExp } from './escapeRegExp.js';

/**
 * Moves the finished directory `source` to `target`, replacing what was there: the old `target` is first
 * renamed aside, so readers see the old or the new directory, and at most briefly none; then it is removed.
 */
export function replaceDirectory(source: string, target: string): void {
  const aside = asideDirectory(target);
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

/** Where `replaceDirectory` puts the old `target` while it swaps in the new one: `<target>.old-<pid>-<ms>`. */
export function asideDirectory(target: string): string {
  return `${target}.old-${process.pid}-${Date.now()}`;
}

/** The names `asideDirectory` gives a directory named `targetName`, the pid of the process that made it captured (for removeOrphanedTemps). */
export function asideDirectoryPattern(targetName: string): RegExp {
  return new RegExp(`^${escapeRegExp(targetName)}\\.old-(\\d+)-\\d+$`);
}

/** Whether a directory name is one `asideDirectory` makes: left behind only by a process killed mid-swap. */
export function isAsideDirectoryName(name: string): boolean {
  return /\.old-\d+-\d+$/.test(name);
}
