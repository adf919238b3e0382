import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `{ 'a.yaml': '...' }` into a fresh temp directory and returns the directory. */
export function writeConfigFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'i2x-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
