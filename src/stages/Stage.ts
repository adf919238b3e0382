import type { ConfigKeyPath, ConfigSliceOf } from '../config/ConfigKeyPath.js';
import type { I2xConfig } from '../config/configSchema.js';
import type { PreparedDatasets } from '../data/prepareDatasets.js';
import type { Progress } from '../util/Progress.js';
import type { Executor } from '../models/parallel/Executor.js';

/**
 * One step of a pipeline (train, features, prototypes, ...). A stage reads the outputs of the stages named in
 * `inputs`, writes its own files into `ctx.outputDir` (and only the other places its context names: the run's
 * checkpoint directory, the store), and returns a small JSON summary. The runner skips it when its fingerprint
 * (name, version, config slice, backend and dataset digest when it `uses` them, input fingerprints) matches the
 * stored one. It receives only the config keys in `configKeys`, so everything that can change its output is in
 * its key; `version` must be bumped when its code changes what it writes.
 *
 * `I` is the union of the input stage names, `O` the shape of the summary, `K` its config key paths.
 * Write a stage with `defineStage`, which infers `I` and `K` from `inputs` and `configKeys`.
 */
export interface Stage<
  I extends string = string,
  O extends Record<string, unknown> = Record<string, unknown>,
  K extends readonly ConfigKeyPath[] = readonly ConfigKeyPath[],
> {
  readonly name: string;
  readonly version: number;
  /** key paths of the config slice it depends on, e.g. ['train', 'data.dataset', 'model.arch']: all of the config it receives */
  readonly configKeys: K;
  /**
   * What else its output depends on, each part of its key: 'datasets' (it reads the prepared data through
   * `ctx.datasets()`; the key holds their digest), 'backend' (it computes with tfjs; the key holds the backend
   * actually selected, as weights and maps depend on its kernels).
   */
  readonly uses?: readonly StageUse[];
  /** names of earlier stages whose outputs it reads */
  readonly inputs: readonly I[];
  run(ctx: StageContext<I, ConfigSliceOf<K>>): Promise<StageResult<O>>;
  /**
   * Refuses, before the first stage of a pipeline call runs, a config this stage's run would refuse only after
   * the stages before it had run (a quality sample larger than the training set must not wait for training).
   * Called for every stage the call selects, cached or not; throws E_CONFIG naming the key, its value and what fits.
   */
  checkBeforeRun?(ctx: PreRunContext<ConfigSliceOf<K>>): void;
  /**
   * For a stage that keeps outputs outside its directory (checkpoints, rows in the store): says what of them is
   * missing, or undefined when everything is there. A stage whose record matches but whose outputs are missing
   * is stale: `i2x status` says so and `run` runs it again.
   */
  missingOutputs?(ctx: OutputCheckContext): Promise<string | undefined>;
}

export type StageUse = 'datasets' | 'backend';

/** The places outside its own directory where a stage may write, resolved against the project root. */
export interface StagePlaces {
  /** `<checkpointsRoot>/<runId>`: the run's checkpoints (absolute) */
  readonly checkpointDir: string;
  /** the DuckDB store: `store.path` resolved against the project root (absolute) */
  readonly storePath: string;
}

/** What `missingOutputs` is told: the stage's finished directory, the fingerprint its outputs must carry, where they are. */
export interface OutputCheckContext extends StagePlaces {
  readonly runId: string;
  readonly stageDir: string;
  readonly fingerprint: string;
}

/** What a stage runs with; `C` is the config it receives (`ConfigSliceOf` its `configKeys`). */
export interface StageContext<I extends string = string, C = I2xConfig> extends StagePlaces {
  /** the config keys in its `configKeys`, nothing else: reading another key is a type error and throws E_STAGE */
  readonly config: C;
  readonly runId: string;
  /** a path from the config (e.g. `train.load.checkpoints`), resolved against the project root */
  resolvePath(path: string): string;
  /** the train / val / test sets the config asks for, loaded once per run; throws E_STAGE unless it `uses` 'datasets' */
  datasets(): PreparedDatasets;
  /** this run of the stage's fingerprint (what `stage.json` records): names the invocation in rows it writes */
  /** where its work runs: this thread, or a pool of the `workers` it declares (1 when it declares none) */
  readonly executor: Executor;
  readonly fingerprint: string;
  /** an empty temp directory; on success the runner renames it to `<artifactsRoot>/<runId>/<stage>/` */
  readonly outputDir: string;
  /** the finished output directory of an input stage; throws E_STAGE for a stage not in `inputs` */
  inputDir(stageName: I): string;
  /** one line on stderr, prefixed with the stage name */
  log(message: string): void;
  /** a progress reporter on stderr for `total` items (bar on a TTY, occasional lines otherwise) */
  progress(label: string, total: number): Progress;
  /** aborted when the run is cancelled; long loops should check it */
  readonly signal: AbortSignal;
}

/** What `checkBeforeRun` sees: the stage's config slice and (if it uses them) the datasets, as its run would. */
export type PreRunContext<C = I2xConfig> = Pick<StageContext<never, C>, 'config' | 'datasets'>;

export interface StageResult<O extends Record<string, unknown> = Record<string, unknown>> {
  /** saved in `<stageDir>/stage.json` with the fingerprint and times; keep it small and JSON-safe */
  summary: O;
}

/** Any stage, as the runner sees it (its run is handed the slice its keys select). */
export interface AnyStage extends Omit<Stage<string, Record<string, unknown>, readonly ConfigKeyPath[]>, 'run' | 'checkBeforeRun'> {
  run(ctx: StageContext<string, unknown>): Promise<StageResult>;
  checkBeforeRun?(ctx: PreRunContext<unknown>): void;
}

/** A stage, with its input names and config key paths inferred from `inputs` and `configKeys` (so `ctx.config` is typed by them). */
export function defineStage<const K extends readonly ConfigKeyPath[], I extends string = never, O extends Record<string, unknown> = Record<string, unknown>>(
  stage: Stage<I, O, K>,
): Stage<I, O, K> {
  return stage;
}
