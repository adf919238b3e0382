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
    expect(err.join('')).toMatch(/unknown command 'trian'; commands: run, status, query, runs, diff, finetune, validate, replicate, report/);
  });

  it.each([
    [['run', 'configs/quickstart.yaml', '--sett', 'x=1'], "i2x run: [E_USAGE] unknown option '--sett'. i2x run accepts --set <key=value>, --only <stage>, --from <stage>, --force <stage>, --run-id <id>, --root <dir>. See i2x run --help.\n"],
    [['finetune', 'configs/quickstart.yaml', '-x'], "i2x finetune: [E_USAGE] unknown option '-x'. i2x finetune accepts --set <key=value>, --only <stage>, --from <stage>, --force <stage>, --run-id <id>, --root <dir>. See i2x finetune --help.\n"],
    [['status', 'configs/quickstart.yaml', '--only', 'train'], "i2x status: [E_USAGE] unknown option '--only'. i2x status accepts --set <key=value>, --run-id <id>, --root <dir>. See i2x status --help.\n"],
    [['run', 'configs/quickstart.yaml', '--set'], "i2x run: [E_USAGE] option '--set' needs a value: --set <key=value>. i2x run accepts --set <key=value>, --only <stage>, --from <stage>, --force <stage>, --run-id <id>, --root <dir>. See i2x run --help.\n"],
    [['run', 'configs/quickstart.yaml', '--only', '--force', 'train'], "i2x run: [E_USAGE] option '--only' needs a value: --only <stage>. i2x run accepts --set <key=value>, --only <stage>, --from <stage>, --force <stage>, --run-id <id>, --root <dir>. See i2x run --help.\n"],
    [['run'], "i2x run: [E_USAGE] i2x run takes one config file (e.g. configs/quickstart.yaml); got none. i2x run accepts --set <key=value>, --only <stage>, --from <stage>, --force <stage>, --run-id <id>, --root <dir>. See i2x run --help.\n"],
    [['run', 'a.yaml', 'b.yaml'], "i2x run: [E_USAGE] i2x run takes one config file (e.g. configs/quickstart.yaml); got 2: 'a.yaml' 'b.yaml'. i2x run accepts --set <key=value>, --only <stage>, --from <stage>, --force <stage>, --run-id <id>, --root <dir>. See i2x run --help.\n"],
    [['query', '--json=yes', 'SELECT 1'], "i2x query: [E_USAGE] option '--json' takes no value, got 'yes'. i2x query accepts --json, --csv, --write, --store <path>. See i2x query --help.\n"],
    [['query'], 'i2x query: [E_USAGE] i2x query takes one SQL string in quotes (e.g. i2x query "SELECT * FROM runs"); got none. i2x query accepts --json, --csv, --write, --store <path>. See i2x query --help.\n'],
    [['runs', 'extra'], "i2x runs: [E_USAGE] i2x runs takes no arguments besides its options; got 1: 'extra'. i2x runs accepts --store <path>. See i2x runs --help.\n"],
    [['diff', 'a'], "i2x diff: [E_USAGE] i2x diff takes two run ids (see i2x runs); got 1: 'a'. i2x diff accepts --store <path>. See i2x diff --help.\n"],
    [['report', '--colours', 'x', 'quickstart'], "i2x report: [E_USAGE] unknown option '--colours'. i2x report accepts --store <path>, --root <dir>. See i2x report --help.\n"],
  ])('refuses %o in one line with exit code 2, naming what is accepted', async (argv, message) => {
    const { out, err } = capture();
    expect(await main(argv)).toBe(2);
    expect(err.join('')).toBe(message);
    expect(out.join('')).toBe('');
  });
});
