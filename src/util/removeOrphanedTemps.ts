import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the entries of `dir` that a killed process left behind: names matching one of `patterns`, whose
 * first capture group is the pid of the process that made them, where that process is no longer running.
 * Temps of a live process (another i2x working on the same run) are left alone. Returns the names removed.
 */
export function removeOrphanedTemps(dir: string, patterns: readonly RegExp[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no directory, no leftovers
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = patterns.map((pattern) => pattern.exec(name)?.[1]).find((match) => match !== undefined);
    if (pid === undefined || isRunning(Number(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
