import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { I2xError } from '../util/I2xError.js';
import { isMapping } from './mergeConfigLayer.js';

export interface ConfigLayer {
  /** absolute path of the YAML file */
  file: string;
  /** the path as shown in messages (relative to the working directory when inside it) */
  source: string;
  /** the file's keys, without `extends` */
  data: Record<string, unknown>;
}

/**
 * Reads a config file and, through `extends: other.yaml` (relative to the file), the files it builds on.
 * Returns them base first, so merging them in order lets each file override the ones it extends.
 */
export function readConfigLayers(path: string, chain: readonly string[] = []): ConfigLayer[] {
  const file = resolve(path);
  const source = displayPath(file);
  if (chain.includes(file)) {
    const cycle = [...chain.slice(chain.indexOf(file)), file].map(displayPath).join(' -> ');
    throw new I2xError('E_CONFIG', `extends cycle: ${cycle}; remove one of these extends`);
  }
  const data = parseYaml(file, source, chain);
  const parent = data.extends;
  delete data.extends;
  const layer = { file, source, data };
  if (parent === undefined || parent === null) return [layer];
  if (typeof parent !== 'string' || parent.length === 0) {
    throw new I2xError('E_CONFIG', `${source}: extends: got ${JSON.stringify(parent)}; expected the path of one YAML file, relative to ${source}`);
  }
  return [...readConfigLayers(resolve(dirname(file), parent), [...chain, file]), layer];
}

function parseYaml(file: string, source: string, chain: readonly string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const from = chain.length > 0 ? ` (extended by ${displayPath(chain[chain.length - 1])})` : '';
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'cannot be read';
    throw new I2xError('E_CONFIG', `config file ${source}${from} ${reason}; check the path`, { cause: err });
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (err) {
    if (err instanceof YAML.YAMLParseError) {
      const position = err.linePos?.[0];
      const where = position ? ` at line ${position.line}, column ${position.col}` : '';
      const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new I2xError('E_CONFIG', `${source}: YAML syntax error${where}: ${reason}`, { cause: err });
    }
    throw err;
  }
  if (data === null || data === undefined) return {};
  if (!isMapping(data)) {
    const got = Array.isArray(data) ? 'a list' : JSON.stringify(data);
    throw new I2xError('E_CONFIG', `${source}: got ${got} at the top level; expected a mapping of config keys (or an empty file)`);
  }
  return data;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
