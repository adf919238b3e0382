import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAsideDirectoryName } from '../util/replaceDirectory.js';
import { isCheckpointTempDirName } from './saveCheckpoint.js';

/**
 * Deletes what killed checkpoint writes leave in `runDir` (`checkpoints/<run>`): hidden temp directories of
 * `saveCheckpoint` and old copies `replaceDirectory` had set aside. Training and importing own their run
 * directory and call it when they start (two trainings of one run must not run at once); returns the
 * names removed.
 */
export function removeInterruptedSaves(runDir: string): string[] {
  if (!existsSync(runDir)) return [];
  const leftovers = readdirSync(runDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (isCheckpointTempDirName(entry.name) || isAsideDirectoryName(entry.name)))
    .map((entry) => entry.name);
  for (const name of leftovers) rmSync(join(runDir, name), { recursive: true, force: true });
  return leftovers;
}
