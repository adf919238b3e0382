import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAsideDirectoryName } from '../util/replaceDirectory.js';
import type { CheckpointMeta } from './CheckpointMeta.js';
import { readCheckpointMeta } from './readCheckpointMeta.js';

/**
 * The checkpoints in `runDir` (each a subdirectory with meta.json), sorted by step. Skipped: hidden
 * directories (temp dirs of a save), old copies set aside by a replacement that was interrupted, and
 * directories whose meta.json is absent or cannot be read (`missingCheckpoints` says what is wrong with
 * them). Weights are not hashed here (loadCheckpoint and missingCheckpoints do that).
 */
export function listCheckpoints(runDir: string): CheckpointMeta[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !isAsideDirectoryName(entry.name) && existsSync(join(runDir, entry.name, 'meta.json')))
    .flatMap((entry) => readableMeta(join(runDir, entry.name, 'meta.json')))
    .sort((a, b) => a.step - b.step || a.name.localeCompare(b.name));
}

function readableMeta(metaPath: string): CheckpointMeta[] {
  try {
    return [readCheckpointMeta(metaPath)];
  } catch {
    return [];
  }
}
