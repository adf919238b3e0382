import type { AnyStage } from '../stages/Stage.js';
import { resolve } from 'node:path';
import { i2xFinetunePipeline, i2xStatusStages, wasFineTuned } from '../../pipelines/i2xFinetune.js';
import type { I2xConfig } from '../config/configSchema.js';
import { loadConfig } from '../config/loadConfig.js';
import { checkConfigAgainstData } from '../data/checkConfigAgainstData.js';
import { pipelineStatus } from '../stages/pipelineStatus.js';
import { runDirectory } from '../stages/runDirectory.js';
import { runPipeline, type PipelineResult } from '../stages/runPipeline.js';
import { selectBackend } from '../backend/selectBackend.js';
import { i2xPipeline } from '../../pipelines/i2x.js';
import type { Command } from './Command.js';
import { finetuneTableText } from './finetuneTableText.js';
import { logPipelineEvent } from './logPipelineEvent.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { ARTIFACTS_ROOT, CHECKPOINTS_ROOT } from '../util/projectPaths.js';
import { projectRoot, ROOT_OPTION } from './projectRoot.js';
import { replicateCommand as replicate } from './replicateCommand.js';
import { reportCommand as report } from './reportCommand.js';
import { validateCommand as validate } from './validateCommand.js';
import { diff, query, runs } from './storeCommands.js';

export const HELP = `i2x: structured explanations of an image classifier from its training history (I2X)

Usage: i2x <command> [options]

Commands:
  run <config.yaml>     run the experiment's pipeline; cached stages are skipped
      --set key=value   override a config key (repeatable), e.g. --set train.epochs=5
      --only <stage>    run just this stage (its inputs must be done)
      --from <stage>    re-run this stage and everything after it
      --force <stage>   re-run this stage even if cached (repeatable)
      --run-id <id>     name of the run (default: the config's name)
      --root <dir>      the project root: artifacts/, checkpoints/ and relative paths of the config are
                        resolved against it (default: the working directory)
  status <config.yaml>  each stage, fine-tuning included: done / stale / missing, with times (accepts --set, --run-id, --root)
  query "<SQL>"         query the results database (artifacts/i2x.duckdb), read-only; --json, --csv
      --write           allow statements that change the database (INSERT, DELETE, ...)
  runs                  list runs with their key metrics
  diff <runA> <runB>    config keys and metrics that differ between two runs
  finetune <config.yaml> curated fine-tuning after the analysis (accepts the options of run)
  validate <config.yaml> a config with data.plant scored against its plants beside a control run (the same config
                        without them, run as <run>-control): prints the scorecard and adds it to the report
      --control <run>   use this analysed run as the control (it must be the config without data.plant)
  replicate <config.yaml> the analysis and fine-tuning once per training seed (runs <name>-seed<S>), and each
                        strategy's comparison with the reference over those base models (the interval is over bases)
      --seeds S,S,...   the training seeds, two or more (accepts --set and --root)
  report <run>          write artifacts/<run>/report/index.html again (the report stage, for the run's config;
                        run and finetune write it too)
  query, runs, diff and report accept --store <path> for another database file.

Environment: I2X_BACKEND=node-gpu|node|wasm|cpu forces a tfjs backend; I2X_QUIET=1 silences logs.
`;

/** The options of the commands that run a pipeline. */
const RUN_OPTIONS = {
  set: { type: 'string', value: 'key=value', multiple: true },
  only: { type: 'string', value: 'stage' },
  from: { type: 'string', value: 'stage' },
  force: { type: 'string', value: 'stage', multiple: true },
  'run-id': { type: 'string', value: 'id' },
  ...ROOT_OPTION,
} as const;
const CONFIG_FILE = { count: 1, what: 'one config file (e.g. configs/quickstart.yaml)' };

/**
 * The resolved config of `configPath` with `--set` overrides, checked against its dataset (class indices), so a
 * config that would fail after training is refused before anything runs.
 */
function loadCheckedConfig(configPath: string, overrides: string[]): I2xConfig {
  const { config } = loadConfig(configPath, overrides);
  checkConfigAgainstData(config);
  return config;
}

/** `i2x run <config>`: the I2X analysis, cached stages skipped. */
const run: Command = async (args) => {
  await runStages('run', args, i2xPipeline());
  return 0;
};

/** `i2x finetune <config>`: the analysis (cached stages reused), curation, fine-tuning; prints the paper's table. */
const finetune: Command = async (args) => {
  const result = await runStages('finetune', args, i2xFinetunePipeline());
  process.stdout.write(finetuneTableText(result));
  return 0;
};

/** Runs `stages` as `i2x <command> <config> [options]` asks, logging each stage, and prints what ran. */
async function runStages(command: string, args: string[], stages: AnyStage[]): Promise<PipelineResult> {
  const { values, positionals } = parseCommandArgs(args, { command, options: RUN_OPTIONS, positionals: CONFIG_FILE });
  const config = loadCheckedConfig(positionals[0], values.set ?? []);
  await selectBackend(config.backend);
  const started = performance.now();
  const result = await runPipeline(stages, config, {
    root: projectRoot(values.root),
    artifactsRoot: ARTIFACTS_ROOT,
    checkpointsRoot: CHECKPOINTS_ROOT,
    runId: values['run-id'],
    only: values.only,
    from: values.from,
    force: values.force,
    onEvent: logPipelineEvent,
  });
  const ran = result.stages.filter((s) => s.status === 'ran').map((s) => s.name);
  const cached = result.stages.filter((s) => s.status === 'cached').map((s) => s.name);
  process.stdout.write(
    `run '${result.runId}' finished in ${((performance.now() - started) / 1000).toFixed(1)} s: ran ${ran.length ? ran.join(', ') : 'nothing'}; cached ${cached.length ? cached.join(', ') : 'nothing'}.\n` +
      `outputs: ${result.runDir}\n`,
  );
  return result;
}

/** `i2x status <config>`: every stage of the full pipeline (fine-tuning included), done / stale / missing. */
const status: Command = async (args) => {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'status',
    options: { set: RUN_OPTIONS.set, 'run-id': RUN_OPTIONS['run-id'], ...ROOT_OPTION },
    positionals: CONFIG_FILE,
  });
  const config = loadCheckedConfig(positionals[0], values.set ?? []);
  await selectBackend(config.backend); // the keys of stages that compute with tfjs name the backend
  const paths = { root: projectRoot(values.root), artifactsRoot: ARTIFACTS_ROOT, checkpointsRoot: CHECKPOINTS_ROOT, runId: values['run-id'] };
  const runDir = runDirectory(resolve(paths.root, ARTIFACTS_ROOT), paths.runId ?? config.name);
  const rows = await pipelineStatus(i2xStatusStages(wasFineTuned(runDir)), config, paths);
  for (const row of rows) {
    const when = row.finishedAt ? ` finished ${row.finishedAt}` : '';
    const took = row.durationMs !== undefined && row.durationMs !== null ? ` in ${(row.durationMs / 1000).toFixed(1)} s` : '';
    process.stdout.write(`${row.name.padEnd(14)} ${row.state}${row.why ? ` (${row.why})` : ''}${when}${took}\n`);
  }
  return 0;
};

export const COMMANDS: Record<string, Command> = { run, status, query, runs, diff, finetune, validate, replicate, report };
