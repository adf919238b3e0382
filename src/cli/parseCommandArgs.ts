import { parseArgs, type ParseArgsConfig } from 'node:util';
import { I2xError } from '../util/I2xError.js';

/** One option of a command: a flag, or an option with a value (`value` names it in messages, e.g. 'key=value'). */
export type OptionSpec = { readonly type: 'boolean' } | { readonly type: 'string'; readonly value: string; readonly multiple?: boolean };

/** What a command accepts: its options and how many positional arguments, described for messages. */
export interface CommandSyntax<O extends Record<string, OptionSpec>> {
  /** the command's name, as typed after `i2x` */
  readonly command: string;
  readonly options: O;
  /** the positional arguments: exactly `count`, `what` says what they are (e.g. 'one config file (e.g. configs/quickstart.yaml)'); absent: none */
  readonly positionals?: { readonly count: number; readonly what: string };
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/**
 * Parses a command's arguments. Anything it does not accept (an unknown option, an option without its value,
 * a value given to a flag, too many or too few positional arguments) throws E_USAGE, which `main` reports in one
 * line with exit code 2: the message names the bad argument, what the command accepts and where its help is.
 */
export function parseCommandArgs<O extends Record<string, OptionSpec>>(
  args: string[],
  syntax: CommandSyntax<O>,
): { values: OptionValues<O>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(syntax.options)) {
    options[name] = spec.type === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: spec.multiple ?? false };
  }
  // An argument that starts with '-' and holds whitespace is no option (no option name has any): it is a positional,
  // e.g. an SQL statement whose first line is a `--` comment. parseArgs sees a stand-in that cannot look like one.
  const texts = new Map<string, string>();
  const shielded = args.map((arg) => {
    if (!/^-/.test(arg) || !/\s/.test(arg)) return arg;
    const standIn = `\u0000i2x-positional-${texts.size}`;
    texts.set(standIn, arg);
    return standIn;
  });
  let parsed;
  try {
    parsed = parseArgs({ args: shielded, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(syntax, describeBadOption(shielded, options, syntax) ?? firstSentence(err));
  }
  const positionals = parsed.positionals.map((arg) => texts.get(arg) ?? arg);
  const expected = syntax.positionals ?? { count: 0, what: 'no arguments besides its options' };
  if (positionals.length !== expected.count) {
    const got = positionals.length === 0 ? 'none' : `${positionals.length}: ${positionals.map((p) => `'${p}'`).join(' ')}`;
    const takes = expected.what;
    throw usageError(syntax, `i2x ${syntax.command} takes ${takes}; got ${got}`);
  }
  // an option's value never looks like a stand-in's text to the command either (`--set '-x y'` keeps its text)
  const original = (value: unknown): unknown => (typeof value === 'string' ? (texts.get(value) ?? value) : Array.isArray(value) ? value.map(original) : value);
  const values = Object.fromEntries(Object.entries(parsed.values).map(([name, value]) => [name, original(value)]));
  return { values: values as OptionValues<O>, positionals };
}

function usageError(syntax: CommandSyntax<Record<string, OptionSpec>>, problem: string): I2xError {
  const accepted = Object.entries(syntax.options).map(([name, spec]) => (spec.type === 'boolean' ? `--${name}` : `--${name} <${spec.value}>`));
  const accepts = accepted.length ? `i2x ${syntax.command} accepts ${accepted.join(', ')}` : `i2x ${syntax.command} accepts no options`;
  return new I2xError('E_USAGE', `${problem}. ${accepts}. See i2x ${syntax.command} --help.`);
}

/** Names the first option parseArgs refused, from its tokens (parsed leniently), in words; undefined if none is found. */
function describeBadOption(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  syntax: CommandSyntax<Record<string, OptionSpec>>,
): string | undefined {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') break;
    if (token.kind !== 'option') continue;
    const spec = syntax.options[token.name];
    if (!spec) return `unknown option '${token.rawName}'`;
    if (spec.type === 'boolean' && token.value !== undefined) return `option '${token.rawName}' takes no value, got '${token.value}'`;
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      return `option '${token.rawName}' needs a value: ${token.rawName} <${spec.value}>`;
    }
  }
  return undefined;
}

function firstSentence(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(/\.\s/)[0];
}
