import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointMeta } from './CheckpointMeta.js';
import { readCheckpointMeta } from './readCheckpointMeta.js';

/**
 * The checkpoints in `runDir` (each a subdirectory with meta.json), sorted by step. Hidden directories
 * (temp dirs of a save that was interrupted) and directories without meta.json are skipped; weights are
 * not hashed here (loadCheckpoint does that).
 */
export function listCheckpoints(runDir: string): CheckpointMeta[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && existsSync(join(runDir, entry.name, 'meta.json')))
    .map((entry) => readCheckpointMeta(join(runDir, entry.name, 'meta.json')))
    .sort((a, b) => a.step - b.step || a.name.localeCompare(b.name));
}
