import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { I2xError } from './I2xError.js';

/** The project root: this file is <root>/src/util/compiledModuleUrl.ts (vitest) or <root>/dist/src/util/compiledModuleUrl.js. */
const sourceRoot = new URL('../../', import.meta.url).href;

/**
 * The compiled JavaScript of a module, for a worker thread to load (workers always run compiled code):
 * a `.ts` module under the project root (as vitest loads them) maps to its file under `dist/`, where
 * `npm run build` puts it; a `.js` module is its own. Throws, saying to build, when that file is missing.
 */
export function compiledModuleUrl(moduleUrl: string | URL): URL {
  const href = String(moduleUrl);
  const url = href.endsWith('.ts') && href.startsWith(sourceRoot) ? new URL(`dist/${href.slice(sourceRoot.length).replace(/\.ts$/, '.js')}`, sourceRoot) : new URL(href);
  if (!existsSync(fileURLToPath(url))) {
    throw new I2xError('E_BACKEND', `The compiled module ${fileURLToPath(url)} does not exist; run \`npm run build\` (workers load compiled JavaScript from dist/).`);
  }
  return url;
}
