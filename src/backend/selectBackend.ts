import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../util/I2xError.js';
import { log } from '../util/log.js';
import { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels.js';

/** The backends i2x knows, fastest first; `auto` takes the first that loads. */
export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

export interface SelectedBackend {
  name: BackendName;
  /** the name tfjs registered it under ('tensorflow', 'wasm', 'cpu') */
  tfjsName: string;
  /** why the faster ones were passed over, one line each */
  skipped: string[];
}

let selected: SelectedBackend | undefined;

/**
 * Chooses and initialises the tfjs backend once per process: the one forced by `I2X_BACKEND` or the
 * config key `backend`, else the first of node-gpu -> node -> wasm -> cpu that loads. The choice is
 * logged once. A forced backend that fails to load is an error, never a silent fallback.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<SelectedBackend> {
  const fromEnv = process.env.I2X_BACKEND;
  const wanted = (fromEnv && fromEnv.length > 0 ? fromEnv : choice) as BackendChoice;
  const source = fromEnv ? 'environment variable I2X_BACKEND' : 'config key backend';
  if (wanted !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(wanted)) {
    throw new I2xError('E_BACKEND', `Unknown backend '${wanted}' (from ${source}); accepted: auto, ${BACKEND_NAMES.join(', ')}.`);
  }
  if (selected) {
    if (wanted !== 'auto' && wanted !== selected.name) {
      throw new I2xError('E_BACKEND', `Backend '${wanted}' was asked for, but this process already runs on '${selected.name}'; a process uses one backend.`);
    }
    return selected;
  }
  const candidates: BackendName[] = wanted === 'auto' ? [...BACKEND_NAMES] : [wanted];
  const skipped: string[] = [];
  for (const name of candidates) {
    try {
      const tfjsName = await initialise(name);
      selected = { name, tfjsName, skipped };
      const why = skipped.length ? ` (passed over: ${skipped.join('; ')})` : '';
      log(`backend: ${name}${wanted === 'auto' ? '' : ` (forced by ${source})`}${why}`);
      if (name === 'cpu') log('warning: the cpu backend trains at about 2 images/s; install nothing else and use wasm, or add tfjs-node.');
      return selected;
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      if (wanted !== 'auto') {
        throw new I2xError('E_BACKEND', `Backend '${name}' (from ${source}) failed to initialise: ${reason}. Accepted: auto, ${BACKEND_NAMES.join(', ')}; 'node' and 'node-gpu' need \`npm install @tensorflow/tfjs-node\` (or -gpu).`, { cause: err });
      }
      skipped.push(`${name}: ${reason}`);
    }
  }
  throw new I2xError('E_BACKEND', `No tfjs backend could be initialised: ${skipped.join('; ')}`);
}

async function initialise(name: BackendName): Promise<string> {
  switch (name) {
    case 'node-gpu':
    case 'node': {
      const pkg = name === 'node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu';
      await import(pkg);
      return activate('tensorflow');
    }
    case 'wasm': {
      await import('@tensorflow/tfjs-backend-wasm');
      const tfjsName = await activate('wasm');
      registerWasmTrainingKernels();
      return tfjsName;
    }
    case 'cpu':
      
      return activate('cpu');
  }
}

async function activate(tfjsName: string): Promise<string> {
  const ok = await tf.setBackend(tfjsName);
  if (!ok) throw new Error(`tf.setBackend('${tfjsName}') returned false`);
  await tf.ready();
  return tfjsName;
}

/** The backend chosen so far, if any (for logs and run metadata). */
export function currentBackend(): SelectedBackend | undefined {
  return selected;
}
