import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer order of the import graph, highest first. A module may import its own folder, a folder on
 * the same row (no cycle allowed, see below) or a row below it; never a row above. Every import counts:
 * `import`, `import type`, `export ... from`, and `import('...')`.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['pipelines'],
  ['stages'],
  ['models', 'explain', 'analysis', 'finetune', 'store', 'report'],
  ['backend', 'data', 'parallel'],
  ['config'],
  ['util'],
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/models/trainModel.ts` -> `models`; `pipelines/i2x.ts` -> `pipelines`. */
function folderOf(file: string): string {
  const parts = relative(root, file).split(sep);
  return parts[0] === 'src' ? parts[1] : parts[0];
}

function rankOf(folder: string): number {
  const rank = LAYERS.findIndex((row) => row.includes(folder));
  if (rank < 0) throw new Error(`Folder '${folder}' is not in the layer order of test/layers.test.ts; add it to LAYERS.`);
  return rank;
}

/** The project files a file imports (relative specifiers; `.js` maps to the `.ts` source). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((entry) => entry.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const target = resolve(dirname(file), specifier);
      const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')];
      const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
      if (found === undefined) throw new Error(`${relative(root, file)} imports '${specifier}', which resolves to no file.`);
      return found;
    })
    .filter((target) => target.endsWith('.ts'));
}

/** Every cycle's members, as strongly connected components of more than one node (or a self-loop). */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'pipelines'))];
const fileGraph = new Map(files.map((file) => [file, new Set(importsOf(file))]));

describe('import layers', () => {
  it('has no import that goes up the layer order', () => {
    const upward: string[] = [];
    for (const [file, targets] of fileGraph) {
      for (const target of targets) {
        const from = folderOf(file);
        const to = folderOf(target);
        if (rankOf(to) < rankOf(from)) upward.push(`${relative(root, file)} (${from}) -> ${relative(root, target)} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const folderGraph = new Map<string, Set<string>>();
    for (const [file, targets] of fileGraph) {
      const from = folderOf(file);
      const edges = folderGraph.get(from) ?? new Set<string>();
      for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target));
      folderGraph.set(from, edges);
    }
    expect(cyclesOf(folderGraph)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const cycles = cyclesOf(fileGraph).map((component) => component.map((file) => relative(root, file)));
    expect(cycles).toEqual([]);
  });

  it('catches an upward import and a cycle (the checker itself)', () => {
    expect(rankOf('util')).toBeGreaterThan(rankOf('config'));
    expect(rankOf('models')).toBeGreaterThan(rankOf('stages'));
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c']]);
    const { importedFiles } = ts.preProcessFile("import type { A } from './a.js';\nexport { B } from './b.js';\nconst c = await import('./c.js');\nimport './d.js';", true, true);
    expect(importedFiles.map((entry) => entry.fileName)).toEqual(['./a.js', './b.js', './c.js', './d.js']);
  });
});
