import type { I2xConfig } from '../config/configSchema.js';
import type { Progress } from '../util/Progress.js';

/**
 * One step of a pipeline (train, features, prototypes, ...). A stage reads the outputs of the stages named in
 * `inputs`, writes its own files into `ctx.outputDir`, and returns a small JSON summary. The runner skips it
 * when its fingerprint (name, version, config slice, seed, input fingerprints) matches the stored one, so
 * everything that can change its output must be in `configKeys` or `inputs`, and `version` must be bumped
 * when its code changes what it writes.
 *
 * `I` is the union of the input stage names, `O` the shape of the summary.
 */
export interface Stage<I extends string = string, O extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly version: number;
  /** key paths of the config slice it depends on, e.g. ['train', 'data.dataset', 'model.arch'] */
  readonly configKeys: readonly string[];
  /** names of earlier stages whose outputs it reads */
  readonly inputs: readonly I[];
  run(ctx: StageContext<I>): Promise<StageResult<O>>;
  /**
   * For a stage that keeps outputs outside its directory (checkpoints, rows in the store): says what of them is
   * missing, or undefined when everything is there. A stage whose record matches but whose outputs are missing
   * is stale: `i2x status` says so and `run` runs it again.
   */
  missingOutputs?(ctx: OutputCheckContext): Promise<string | undefined>;
}

/** What `missingOutputs` is told: the stage's finished directory and the fingerprint its outputs must carry. */
export interface OutputCheckContext {
  readonly config: I2xConfig;
  readonly runId: string;
  readonly stageDir: string;
  readonly fingerprint: string;
}

export interface StageContext<I extends string = string> {
  /** the whole resolved config (a stage must only depend on the keys in its `configKeys`) */
  readonly config: I2xConfig;
  readonly runId: string;
  /** this run of the stage's fingerprint (what `stage.json` records): names the invocation in rows it writes */
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

export interface StageResult<O extends Record<string, unknown> = Record<string, unknown>> {
  /** saved in `<stageDir>/stage.json` with the fingerprint and times; keep it small and JSON-safe */
  summary: O;
}

/** Any stage, as the runner sees it. */
export type AnyStage = Stage<string, Record<string, unknown>>;
