import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyStage } from '../stages/Stage.js';
import { FINETUNE_TABLE_FILE } from '../stages/i2x/finetuneStage.js';
import { i2xFinetunePipeline } from '../../pipelines/i2xFinetune.js';
import { loadConfig } from '../config/loadConfig.js';
import { pipelineStatus } from '../stages/pipelineStatus.js';
import { runPipeline } from '../stages/runPipeline.js';
import { selectBackend } from '../backend/selectBackend.js';
import { I2xError } from '../util/I2xError.js';
import { log } from '../util/log.js';
import { i2xPipeline } from '../../pipelines/i2x.js';
import { ARTIFACTS_ROOT } from './paths.js';
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
  status <config.yaml>  each stage: done / stale / missing, with times (accepts --set, --run-id)
  query "<SQL>"         query the results database (artifacts/i2x.duckdb); --json, --csv
  runs                  list runs with their key metrics
  diff <runA> <runB>    config keys and metrics that differ between two runs
  finetune <config.yaml> curated fine-tuning after the analysis (accepts --set, --run-id)
  report <run>          write artifacts/<run>/report/index.html

Environment: I2X_BACKEND=node-gpu|node|wasm|cpu forces a tfjs backend; I2X_QUIET=1 silences logs.
`;

type Command = (args: string[]) => Promise<number>;

function parseRunArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      set: { type: 'string', multiple: true },
      only: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'string', multiple: true },
      'run-id': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new I2xError('E_CONFIG', `expected exactly one config file (e.g. configs/quickstart.yaml), got ${positionals.length ? positionals.join(' ') : 'none'}`);
  return { configPath: positionals[0], values };
}

const run: Command = (args) => runStages(args, i2xPipeline());

/** `i2x finetune <config>`: the analysis (cached stages reused), curation, fine-tuning; prints the paper's table. */
const finetune: Command = async (args) => {
  const runDir = await runStagesAndReturnDir(args, i2xFinetunePipeline());
  process.stdout.write(readFileSync(join(runDir, 'finetune', FINETUNE_TABLE_FILE), 'utf8'));
  return 0;
};

/** `i2x report <run>`: the offline HTML report of a finished run. */
const report: Command = async (args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { store: { type: 'string' } } });
  if (positionals.length !== 1) throw new I2xError('E_CONFIG', `expected exactly one run id (e.g. quickstart; see i2x runs), got ${positionals.join(' ') || 'none'}`);
  const { writeReport } = await import('../report/writeReport.js'); // lazy: vega adds a second or two of start-up
  const written = await writeReport({ runId: positionals[0], artifactsRoot: ARTIFACTS_ROOT, storePath: values.store });
  process.stdout.write(`report: ${written.path} (${written.images} images, ${written.plots} plots)\n`);
  return 0;
};

async function runStages(args: string[], stages: AnyStage[]): Promise<number> {
  await runStagesAndReturnDir(args, stages);
  return 0;
}

async function runStagesAndReturnDir(args: string[], stages: AnyStage[]): Promise<string> {
  const { configPath, values } = parseRunArgs(args);
  const { config } = loadConfig(configPath, values.set ?? []);
  await selectBackend(config.backend);
  const started = performance.now();
  const result = await runPipeline(stages, config, {
    artifactsRoot: ARTIFACTS_ROOT,
    runId: values['run-id'],
    only: values.only,
    from: values.from,
    force: values.force,
    onEvent: (event) => {
      if (event.type === 'cached') log(`${event.stage}: cached`);
      if (event.type === 'start') log(`${event.stage}: running (${event.reason}${event.why ? `: ${event.why}` : ''})`);
      if (event.type === 'done') log(`${event.stage}: done in ${(event.durationMs / 1000).toFixed(1)} s ${JSON.stringify(event.summary)}`);
    },
  });
  const ran = result.stages.filter((s) => s.status === 'ran').map((s) => s.name);
  const cached = result.stages.filter((s) => s.status === 'cached').map((s) => s.name);
  process.stdout.write(
    `run '${result.runId}' finished in ${((performance.now() - started) / 1000).toFixed(1)} s: ran ${ran.length ? ran.join(', ') : 'nothing'}; cached ${cached.length ? cached.join(', ') : 'nothing'}.\n` +
      `outputs: ${result.runDir}\n`,
  );
  return result.runDir;
}

const status: Command = async (args) => {
  const { configPath, values } = parseRunArgs(args);
  const { config } = loadConfig(configPath, values.set ?? []);
  const rows = await pipelineStatus(i2xPipeline(), config, { artifactsRoot: ARTIFACTS_ROOT, runId: values['run-id'] });
  for (const row of rows) {
    const when = row.finishedAt ? ` finished ${row.finishedAt}` : '';
    const took = row.durationMs !== undefined && row.durationMs !== null ? ` in ${(row.durationMs / 1000).toFixed(1)} s` : '';
    process.stdout.write(`${row.name.padEnd(14)} ${row.state}${row.why ? ` (${row.why})` : ''}${when}${took}\n`);
  }
  return 0;
};

export const COMMANDS: Record<string, Command> = { run, status, query, runs, diff, finetune, report };
