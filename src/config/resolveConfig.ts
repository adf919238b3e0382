import { I2xError } from '../util/I2xError.js';
import { configSchema, type I2xConfig } from './configSchema.js';
import { formatConfigIssues } from './formatConfigIssues.js';

export interface ResolveConfigOptions {
  /** what the config came from, for the first line of the error (a file name) */
  label?: string;
  /** which file or `--set` set a key path; defaults to `label` */
  originOf?: (path: readonly string[]) => string;
}

/**
 * Validates a merged, raw config (YAML values, possibly partial) and fills in every default.
 * Throws one E_CONFIG error listing every problem, one per line.
 */
export function resolveConfig(input: unknown, options: ResolveConfigOptions = {}): I2xConfig {
  const label = options.label ?? 'config';
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return withoutNullGeometric(result.data);
  const lines = formatConfigIssues(configSchema, result.error.issues, input, options.originOf ?? (() => label));
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  throw new I2xError(
    'E_CONFIG',
    `config ${label} is not valid (${count}):\n` +
      lines.map((line) => `  ${line}\n`).join('') +
      'Fix these keys in the YAML file, or override them with --set key.path=value.',
  );
}

/**
 * `train.checkpoints.geometric: null` (how a config takes out the schedule of one it `extends`) means none, as absent
 * does: it is removed, so the config, and every stage key made from it, equals one that never set it.
 */
function withoutNullGeometric(config: I2xConfig): I2xConfig {
  const { checkpoints } = config.train;
  if (checkpoints.geometric !== null) return config;
  const { geometric: _none, ...rest } = checkpoints;
  return { ...config, train: { ...config.train, checkpoints: rest } };
}
