import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { escapeRegExp } from './escapeRegExp.js';

/**
 * Writes a file so that readers see either the old content or the whole new content, never half of it:
 * the bytes go to a temp file beside the target, which is then renamed over it (rename is atomic on POSIX).
 */
export function atomicWrite(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The names of the temp files `atomicWrite` makes for a file named `fileName`, the writer's pid captured (for removeOrphanedTemps). */
export function atomicWriteTempPattern(fileName: string): RegExp {
  return new RegExp(`^\\.${escapeRegExp(fileName)}\\.(\\d+)\\.\\d+\\.tmp$`);
}
