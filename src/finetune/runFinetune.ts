import { evaluateModel } from '../models/evaluateModel.js';
import type { FinetuneEvaluation, FinetuneRunResult } from './FinetuneRunResult.js';
import { pairConfusions } from './pairConfusions.js';
import { finetuneWallTime, type FinetuneWallTime } from './finetuneWallTime.js';
import { formatWallTime } from './formatWallTime.js';
import { measureTrainingRate } from './measureTrainingRate.js';
import { runStrategy, type RunStrategyOptions } from './runStrategy.js';
import type { FinetuneStrategy } from './strategies.js';

export interface RunFinetuneOptions extends Omit<RunStrategyOptions, 'strategy' | 'seed'> {
  readonly strategies: readonly FinetuneStrategy[];
  /** repeats per strategy: seeds 0..seeds-1 */
  readonly seeds: number;
  /** called after each run, e.g. to log it */
  readonly onRun?: (result: FinetuneRunResult) => void;
  /**
   * Asks for the expected wall time of the runs, told to `report` as one line before the first run starts:
   * training at `trainImagesPerSecond` (e.g. the train stage's recorded rate; when null, measured on a few
   * batches first), evaluation at the rate the base model's test evaluation just ran at, and per phase and run the
   * time opening the evaluation pool (a phase opens one of the same size) and loading the base model just took.
   */
  readonly estimate?: { readonly trainImagesPerSecond: number | null; readonly report: (line: string) => void };
}

export interface FinetuneResults {
  /** the base model (the run's final checkpoint) before any fine-tuning */
  readonly base: FinetuneEvaluation;
  /** every (strategy, seed), strategy by strategy in the given order, seeds ascending */
  readonly runs: FinetuneRunResult[];
  /** the estimate reported before the runs, when one was asked for and could be made */
  readonly expected?: FinetuneWallTime;
}

/**
 * Evaluates the base model, then runs every strategy with every seed (seed-major), each from a fresh copy of the
 * base. With an executor of more than one worker, one pool is opened for the invocation's evaluations (the base
 * model's and every run's; bit-identical to one thread); the training phases open theirs from the same executor
 * (in a pipeline, leases of the same threads).
 */
export async function runFinetune(options: RunFinetuneOptions): Promise<FinetuneResults> {
  const { strategies, seeds, onRun, evaluationPool: given, estimate: wanted, ...common } = options;
  const poolStart = performance.now();
  const pool = given ?? (options.executor && options.executor.workers > 1 ? await options.executor.openPool() : undefined);
  // what a training phase pays to open its own pool of the same size (none when it trains in this thread, or on
  // the threads of a pipeline's PoolKeeper, which every phase leases again)
  const phaseStartSeconds = pool && !given && !options.executor?.sharesPool ? (performance.now() - poolStart) / 1000 : 0;
  try {
    const loadStart = performance.now();
    const baseModel = await options.loadBase();
    const runStartSeconds = (performance.now() - loadStart) / 1000;
    let base: FinetuneEvaluation;
    const evaluationStart = performance.now();
    try {
      const evaluation = await evaluateModel(baseModel, options.test, options.settings.batchSize, pool ? { pool } : {});
      base = { testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, confusion: evaluation.confusion, pairConfusions: pairConfusions(evaluation.confusion, options.pairs) };
    } finally {
      baseModel.dispose();
    }
    const evaluationImagesPerSecond = options.test.count / ((performance.now() - evaluationStart) / 1000);
    const expected = wanted ? await estimate(options, { evaluationImagesPerSecond, phaseStartSeconds, runStartSeconds }) : undefined;
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
    return { base, runs, ...(expected ? { expected } : {}) };
  } finally {
    // only a pool opened here is closed here
    if (!given) await pool?.close();
  }
}

/** The runs' expected wall time, reported through `options.estimate` (a line saying why, when it cannot be made). */
async function estimate(
  options: RunFinetuneOptions,
  measured: { evaluationImagesPerSecond: number; phaseStartSeconds: number; runStartSeconds: number },
): Promise<FinetuneWallTime | undefined> {
  const { evaluationImagesPerSecond } = measured;
  const { report, trainImagesPerSecond: recorded } = options.estimate!;
  const trainImagesPerSecond =
    recorded ??
    (await measureTrainingRate({
      loadBase: options.loadBase,
      train: options.sets.full,
      settings: options.settings,
      ...(options.executor ? { executor: options.executor } : {}),
      runDir: options.runDir,
      ...(options.trainPhase ? { trainPhase: options.trainPhase } : {}),
    }));
  if (trainImagesPerSecond === null || !(trainImagesPerSecond > 0) || !(evaluationImagesPerSecond > 0) || !Number.isFinite(evaluationImagesPerSecond)) {
    report(`no wall-time estimate: ${trainImagesPerSecond === null ? 'the training set holds too few batches to time training on' : 'a measured rate is not positive'}`);
    return undefined;
  }
  const expected = finetuneWallTime({
    strategies: options.strategies,
    seeds: options.seeds,
    epochs: options.epochs,
    setSizes: Object.fromEntries(Object.entries(options.sets).map(([name, set]) => [name, set.count])),
    evaluatedPerRun: options.test.count + (options.val?.count ?? 0),
    trainImagesPerSecond,
    evaluationImagesPerSecond,
    phaseStartSeconds: measured.phaseStartSeconds,
    runStartSeconds: measured.runStartSeconds,
  });
  report(formatWallTime(expected, { trainImagesPerSecond, evaluationImagesPerSecond, trainRateSource: recorded === null ? 'measured' : 'train stage' }));
  return expected;
}
