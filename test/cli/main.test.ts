import { afterEach, describe, expect, it, vi } from 'vitest';
import { HELP } from '../../src/cli/commands.js';
import { main } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

describe('i2x command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([[['--help']], [['-h']], [[]], [['query', '--help']], [['run', 'configs/quickstart.yaml', '-h']]])('prints the help for %o', async (argv) => {
    const { out } = capture();
    expect(await main(argv)).toBe(0);
    expect(out.join('')).toBe(HELP);
  });

  it('names the commands when one is unknown, with exit code 2', async () => {
    const { err } = capture();
    expect(await main(['trian'])).toBe(2);
    expect(err.join('')).toMatch(/unknown command 'trian'; commands: run, status, query, runs, diff, finetune, report/);
  });

  it('reports a bad invocation as an i2x error with exit code 1', async () => {
    const { err } = capture();
    expect(await main(['run'])).toBe(1);
    expect(err.join('')).toMatch(/\[E_CONFIG\] expected exactly one config file/);
  });
});
