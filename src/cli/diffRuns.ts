import type { I2xStore } from '../store/I2xStore.js';
import { I2xError } from '../util/I2xError.js';

/** Flattens nested JSON to `a.b.c` -> value (arrays are compared whole). */
function flatten(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/**
 * The config keys and metrics that differ between two runs, one line each as `key: a -> b`; keys that are
 * equal are left out. Metrics are the run's summary plus each checkpoint's test accuracy.
 */
export async function diffRuns(store: I2xStore, a: string, b: string): Promise<string> {
  const load = async (runId: string) => {
    const run = await store.query('SELECT config_json, metrics_json FROM runs WHERE run_id = $1', [runId]);
    if (run.rows.length === 0) {
      const known = await store.query('SELECT run_id FROM runs ORDER BY run_id');
      throw new I2xError('E_STORE', `no run '${runId}' in ${store.path}; runs: ${known.rows.map((r) => r[0]).join(', ') || 'none'}`);
    }
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    const checkpoints = await store.query('SELECT checkpoint, test_acc FROM checkpoints WHERE run_id = $1 ORDER BY checkpoint', [runId]);
    const metrics = flatten(parse(run.rows[0][1]) ?? {}, 'metrics');
    for (const [checkpoint, acc] of checkpoints.rows) metrics.set(`checkpoint.${checkpoint}.test_acc`, JSON.stringify(acc));
    return { config: flatten(parse(run.rows[0][0]) ?? {}, 'config'), metrics };
  };
  const [left, right] = [await load(a), await load(b)];
  const lines: string[] = [];
  for (const part of ['config', 'metrics'] as const) {
    const keys = [...new Set([...left[part].keys(), ...right[part].keys()])].sort();
    for (const key of keys) {
      const l = left[part].get(key) ?? '(absent)';
      const r = right[part].get(key) ?? '(absent)';
      if (l !== r) lines.push(`${key}: ${l} -> ${r}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : `runs '${a}' and '${b}' have the same config and metrics\n`;
}
