import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStage, Stage } from '../../src/stages/Stage.js';

/**
 * Three tiny stages a -> b -> c that write text files: a depends on data.dataset, b on train.epochs,
 * c on nothing in the config. `runs` counts how often each ran; `failing` makes a stage throw.
 */
export function fakeStages(): { stages: AnyStage[]; runs: Record<string, number>; failing: Set<string> } {
  const runs: Record<string, number> = { a: 0, b: 0, c: 0 };
  const failing = new Set<string>();

  const a: Stage<never, { lines: number }> = {
    name: 'a',
    version: 1,
    configKeys: ['data.dataset'],
    inputs: [],
    async run(ctx) {
      runs.a++;
      if (failing.has('a')) throw new Error('a broke');
      writeFileSync(join(ctx.outputDir, 'a.txt'), `dataset=${ctx.config.data.dataset}`);
      return { summary: { lines: 1 } };
    },
  };
  const b: Stage<'a'> = {
    name: 'b',
    version: 1,
    configKeys: ['train.epochs'],
    inputs: ['a'],
    async run(ctx) {
      runs.b++;
      const fromA = readFileSync(join(ctx.inputDir('a'), 'a.txt'), 'utf8');
      writeFileSync(join(ctx.outputDir, 'half.txt'), 'partial');
      if (failing.has('b')) throw new Error('b broke');
      writeFileSync(join(ctx.outputDir, 'b.txt'), `${fromA};epochs=${ctx.config.train.epochs}`);
      return { summary: { epochs: ctx.config.train.epochs, fingerprint: ctx.fingerprint } };
    },
  };
  const c: Stage<'b'> = {
    name: 'c',
    version: 1,
    configKeys: [],
    inputs: ['b'],
    async run(ctx) {
      runs.c++;
      if (failing.has('c')) throw new Error('c broke');
      const fromB = readFileSync(join(ctx.inputDir('b'), 'b.txt'), 'utf8');
      writeFileSync(join(ctx.outputDir, 'c.txt'), `${fromB};c`);
      return { summary: {} };
    },
  };
  return { stages: [a, b, c], runs, failing };
}
