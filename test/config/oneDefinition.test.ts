import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under src/, relative to the project root. */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [relative('.', path)] : [];
  });
}

/** The files whose text contains `literal`. */
function filesSpelling(literal: string): string[] {
  return sourceFiles().filter((file) => readFileSync(file, 'utf8').includes(literal));
}

// A rule written out in two places drifts: each of these is spelt once, and everything else imports it.
describe('one definition each', () => {
  it('the directory-name pattern (run ids, stage and checkpoint names) is spelt only in src/util/directoryNamePattern.ts', () => {
    expect(filesSpelling('/^[A-Za-z0-9][A-Za-z0-9._-]*$/')).toEqual([join('src', 'util', 'directoryNamePattern.ts')]);
  });

  it("the store's default path is spelt only in src/util/defaultStorePath.ts", () => {
    expect(filesSpelling("'artifacts/i2x.duckdb'")).toEqual([join('src', 'util', 'defaultStorePath.ts')]);
  });
});
