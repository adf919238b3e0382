import { pathToFileURL } from 'node:url';
import { I2xError } from '../util/I2xError.js';
import { COMMANDS, HELP } from './commands.js';

/**
 * The `i2x` command line: `i2x <command> [args]`. Returns the exit code (0 ok, 1 failed, 2 bad usage).
 * Errors of i2x print their code and message only (E_USAGE, a command line not accepted, exits 2); anything
 * else prints its stack.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`i2x: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}. See i2x --help.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof I2xError) {
      process.stderr.write(`i2x ${name}: [${err.code}] ${err.message}\n`);
      return err.code === 'E_USAGE' ? 2 : 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
