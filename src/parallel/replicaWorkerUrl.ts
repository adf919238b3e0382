import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { I2xError } from '../util/I2xError.js';

/**
 * The URL of the compiled worker script. Workers always run compiled JavaScript: when this module is
 * itself loaded from TypeScript sources (vitest), `.../src/parallel/x.ts` is mapped to
 * `.../dist/src/parallel/replicaWorker.js`, so tests that start workers need `npm run build` first
 * (`npm test` runs tsc before vitest).
 */
export function replicaWorkerUrl(): URL {
  const here = import.meta.url;
  const compiledHere = here.endsWith('.ts') ? here.replace(/\/src\/(?!.*\/src\/)/, '/dist/src/').replace(/\.ts$/, '.js') : here;
  const url = new URL('./replicaWorker.js', compiledHere);
  if (!existsSync(fileURLToPath(url))) {
    throw new I2xError('E_BACKEND', `The worker script ${fileURLToPath(url)} does not exist; run \`npm run build\` (workers load compiled JavaScript from dist/).`);
  }
  return url;
}
