import { evaluateModel } from '../models/evaluateModel.js';
import type { FinetuneEvaluation, FinetuneRunResult } from './FinetuneRunResult.js';
import { pairConfusions } from './pairConfusions.js';
import { runStrategy, type RunStrategyOptions } from './runStrategy.js';
import type { FinetuneStrategy } from './strategies.js';

export interface RunFinetuneOptions extends Omit<RunStrategyOptions, 'strategy' | 'seed'> {
  readonly strategies: readonly FinetuneStrategy[];
  /** repeats per strategy: seeds 0..seeds-1 */
  readonly seeds: number;
  /** called after each run, e.g. to log it */
  readonly onRun?: (result: FinetuneRunResult) => void;
}

export interface FinetuneResults {
  /** the base model (the run's final checkpoint) before any fine-tuning */
  readonly base: FinetuneEvaluation;
  /** every (strategy, seed), strategy by strategy in the given order, seeds ascending */
  readonly runs: FinetuneRunResult[];
}

/**
 * Evaluates the base model, then runs every strategy with every seed (seed-major), each from a fresh copy of the
 * base. With an executor of more than one worker, one pool is opened for the invocation's evaluations (the base
 * model's and every run's; bit-identical to one thread), beside the pools the training phases open.
 */
export async function runFinetune(options: RunFinetuneOptions): Promise<FinetuneResults> {
  const { strategies, seeds, onRun, evaluationPool: given, ...common } = options;
  const pool = given ?? (options.executor && options.executor.workers > 1 ? await options.executor.openPool() : undefined);
  try {
    const baseModel = await options.loadBase();
    let base: FinetuneEvaluation;
    try {
      const evaluation = await evaluateModel(baseModel, options.test, options.settings.batchSize, pool ? { pool } : {});
      base = { testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, confusion: evaluation.confusion, pairConfusions: pairConfusions(evaluation.confusion, options.pairs) };
    } finally {
      baseModel.dispose();
    }
    // Seed by seed, so that a run stopped part-way has logged whole seeds (every strategy once) rather than
    // every seed of the first strategies only; `runs` is then put in strategy order.
    const runs: FinetuneRunResult[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      for (const strategy of strategies) {
        options.signal?.throwIfAborted();
        const result = await runStrategy({ ...common, strategy, seed, ...(pool ? { evaluationPool: pool } : {}) });
        runs.push(result);
        onRun?.(result);
      }
    }
    runs.sort((a, b) => strategies.indexOf(a.strategy as FinetuneStrategy) - strategies.indexOf(b.strategy as FinetuneStrategy) || a.seed - b.seed);
    return { base, runs };
  } finally {
    // only a pool opened here is closed here
    if (!given) await pool?.close();
  }
}
