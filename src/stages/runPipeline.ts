import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { configSlice } from '../config/configSlice.js';
import type { I2xConfig } from '../config/configSchema.js';
import { atomicWrite, atomicWriteTempPattern } from '../util/atomicWrite.js';
import { escapeRegExp } from '../util/escapeRegExp.js';
import { I2xError } from '../util/I2xError.js';
import { outputCheck, pipelineSetting, type PipelinePaths, type PipelineSetting } from './pipelineSetting.js';
import type { AnyStage } from './Stage.js';
import { preRunContext, stageContext } from './stageContext.js';
import { STAGE_RECORD_FILE, type StageRecord } from './StageRecord.js';
import { storedState } from './storedState.js';
import { asideDirectoryPattern, replaceDirectory } from '../util/replaceDirectory.js';
import { removeOrphanedTemps } from '../util/removeOrphanedTemps.js';
import { RUN_CONFIG_FILE } from '../util/projectPaths.js';
import { PoolKeeper } from '../models/parallel/PoolKeeper.js';

/** Where to run (root, artifacts and checkpoints roots, run id: see PipelinePaths) and what to rerun. */
export interface RunPipelineOptions extends PipelinePaths {
  /** run just this stage (always); its inputs must already be done */
  only?: string;
  /** rerun this stage and every stage after it; earlier stages run only if not cached */
  from?: string;
  /** rerun these stages even if cached (stages downstream rerun only if their fingerprint changed) */
  force?: readonly string[];
  onEvent?: (event: PipelineEvent) => void;
  signal?: AbortSignal;
}

export type PipelineEvent =
  | { type: 'cached'; stage: string; fingerprint: string }
  /** `why` says what made a stale stage stale (another config or version, or an output gone missing) */
  | { type: 'start'; stage: string; fingerprint: string; reason: 'missing' | 'stale' | 'forced'; why?: string }
  | { type: 'done'; stage: string; fingerprint: string; durationMs: number; summary: Record<string, unknown> }
  | { type: 'failed'; stage: string; fingerprint: string; error: unknown };

export interface PipelineResult {
  runId: string;
  runDir: string;
  /** the stages this call considered (all of them, or just `only`), in order */
  stages: { name: string; status: 'ran' | 'cached'; fingerprint: string; dir: string }[];
}

/**
 * Runs stages in order, skipping each one whose stored fingerprint matches. A stage writes into a temp
 * directory that replaces `<runDir>/<stage>/` only once it succeeded, so a failing or interrupted stage
 * leaves the previous output as it was. Throws E_STAGE naming the stage.
 */
export async function runPipeline(
  stages: readonly AnyStage[],
  config: I2xConfig,
  options: RunPipelineOptions,
): Promise<PipelineResult> {
  const names = stages.map((stage) => stage.name);
  const known = (name: string, option: string): void => {
    if (!names.includes(name)) {
      throw new I2xError('E_STAGE', `${option}: unknown stage '${name}'; stages: ${names.join(', ')}`);
    }
  };
  if (options.only !== undefined) known(options.only, 'only');
  if (options.from !== undefined) known(options.from, 'from');
  for (const name of options.force ?? []) known(name, 'force');
  if (options.only !== undefined && options.from !== undefined) {
    throw new I2xError('E_STAGE', 'only and from cannot be combined; use only to run one stage, from to rerun a stage and all after it');
  }

  const setting = pipelineSetting(stages, config, options);
  const { runId, runDir, fingerprints } = setting;
  const emit = options.onEvent ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;

  const forced = new Set(options.force ?? []);
  if (options.only !== undefined) forced.add(options.only);
  if (options.from !== undefined) for (const name of names.slice(names.indexOf(options.from))) forced.add(name);
  const selected = options.only === undefined ? stages : stages.filter((stage) => stage.name === options.only);
  for (const stage of selected) if (options.only !== undefined) await requireInputsDone(stage, stages, setting);
  // a config a later stage would refuse is refused now, before an earlier stage (training) spends its time or writes
  for (const stage of selected) stage.checkBeforeRun?.(preRunContext(stage, config, setting.data.datasets));

  mkdirSync(runDir, { recursive: true });
  writeIfChanged(join(runDir, RUN_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);

  const result: PipelineResult = { runId, runDir, stages: [] };
  // one set of worker threads for every stage of this call (each stage used to open its own)
  const pools = new PoolKeeper();
  try {
    for (const stage of selected) await runOrReuse(stage);
  } finally {
    await pools.close();
  }
  return result;

  async function runOrReuse(stage: AnyStage): Promise<void> {
    const fingerprint = fingerprints.get(stage.name)!;
    const dir = join(runDir, stage.name);
    const stored = await storedState(stage, outputCheck(setting, dir, fingerprint));
    if (!forced.has(stage.name) && stored.state === 'done') {
      emit({ type: 'cached', stage: stage.name, fingerprint });
      result.stages.push({ name: stage.name, status: 'cached', fingerprint, dir });
      return;
    }
    const reason = forced.has(stage.name) || stored.state === 'done' ? 'forced' : stored.state;
    emit({ type: 'start', stage: stage.name, fingerprint, reason, ...(stored.state === 'stale' ? { why: stored.why } : {}) });
    try {
      const record = await runStage(stage, config, { setting, fingerprint, signal, pools });
      emit({ type: 'done', stage: stage.name, fingerprint, durationMs: record.durationMs, summary: record.summary });
    } catch (error) {
      emit({ type: 'failed', stage: stage.name, fingerprint, error });
      const detail = error instanceof I2xError ? `[${error.code}] ${error.message}` : String((error as Error)?.message ?? error);
      throw new I2xError('E_STAGE', `stage '${stage.name}' failed (its previous output, if any, is kept): ${detail}`, { cause: error });
    }
    result.stages.push({ name: stage.name, status: 'ran', fingerprint, dir });
  }
}

/** `only` named a stage whose input is not done; callers that word it their own way read `input` and `state`. */
export class InputNotDoneError extends I2xError {
  constructor(
    readonly stage: string,
    readonly input: string,
    /** 'missing', or 'stale (<why>)' */
    readonly state: string,
  ) {
    super('E_STAGE', `cannot run only '${stage}': its input '${input}' is ${state}; run without only, or with from '${input}'`);
  }
}

/** Writes `text` to `path` (atomically) unless the file already holds exactly it: a cached run writes nothing. */
function writeIfChanged(path: string, text: string): void {
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) atomicWrite(path, text);
}

async function requireInputsDone(stage: AnyStage, stages: readonly AnyStage[], setting: PipelineSetting): Promise<void> {
  for (const input of stage.inputs) {
    const inputStage = stages.find((candidate) => candidate.name === input)!;
    const stored = await storedState(inputStage, outputCheck(setting, join(setting.runDir, input), setting.fingerprints.get(input)!));
    if (stored.state !== 'done') {
      throw new InputNotDoneError(stage.name, input, stored.state === 'missing' ? 'missing' : `stale (${stored.why})`);
    }
  }
}

interface RunStageSetting {
  setting: PipelineSetting;
  fingerprint: string;
  signal: AbortSignal;
  pools: PoolKeeper;
}

async function runStage(stage: AnyStage, config: I2xConfig, { setting, fingerprint, signal, pools }: RunStageSetting): Promise<StageRecord> {
  const { runId, runDir, fingerprints } = setting;
  // A killed run leaves its temp directory (and, killed inside replaceDirectory, the old output set aside).
  removeOrphanedTemps(runDir, [stageTempDirPattern(stage.name), asideDirectoryPattern(stage.name), atomicWriteTempPattern(RUN_CONFIG_FILE)]);
  const tempDir = join(runDir, `.${stage.name}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
  mkdirSync(tempDir, { recursive: true });
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    signal.throwIfAborted();
    const context = stageContext(stage, config, {
      root: setting.root,
      runId,
      fingerprint,
      outputDir: tempDir,
      checkpointDir: setting.checkpointDir,
      storePath: setting.storePath,
      inputDir: (name) => join(runDir, name),
      datasets: setting.data.datasets,
      signal,
      pools,
    });
    const { summary } = await stage.run(context);
    signal.throwIfAborted();
    const record: StageRecord = {
      stage: stage.name,
      version: stage.version,
      fingerprint,
      runId,
      seed: config.seed,
      configSlice: configSlice(config, stage.configKeys),
      inputs: Object.fromEntries(stage.inputs.map((input) => [input, fingerprints.get(input)!])),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - t0),
      summary,
    };
    atomicWrite(join(tempDir, STAGE_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    replaceDirectory(tempDir, join(runDir, stage.name));
    return record;
  } catch (error) {
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
}

/** The names of the temp directories `runStage` makes for a stage (`.<stage>.tmp-<pid>-<id>`), the pid captured. */
function stageTempDirPattern(stageName: string): RegExp {
  return new RegExp(`^\\.${escapeRegExp(stageName)}\\.tmp-(\\d+)-`);
}
