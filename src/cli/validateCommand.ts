import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analysisStages, i2xPipeline } from '../../pipelines/i2x.js';
import { selectBackend } from '../backend/selectBackend.js';
import type { I2xConfig } from '../config/configSchema.js';
import { loadConfig } from '../config/loadConfig.js';
import { resolveConfig } from '../config/resolveConfig.js';
import { checkConfigAgainstData } from '../data/checkConfigAgainstData.js';
import { controlScorecard } from '../stages/i2x/controlScorecard.js';
import { runDirectory } from '../stages/runDirectory.js';
import { runPipeline } from '../stages/runPipeline.js';
import { canonicalJson } from '../util/canonicalJson.js';
import { I2xError } from '../util/I2xError.js';
import { log } from '../util/log.js';
import { ARTIFACTS_ROOT, CHECKPOINTS_ROOT, RUN_CONFIG_FILE } from '../util/projectPaths.js';
import type { Command } from './Command.js';
import { logPipelineEvent } from './logPipelineEvent.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { projectRoot, ROOT_OPTION } from './projectRoot.js';
import { scorecardText } from './scorecardText.js';

/** The keys a control must share with the planted run (data without its plants): everything that shapes the analysis. */
const CONTROL_KEYS = ['data', 'model', 'train', 'seed', 'analysis', 'backend'] as const;

/**
 * `i2x validate <config>`: the run of a config with `data.plant`, scored against its plants beside a control run
 * (the same config and samples without the plants): the planted run's analysis (cached stages reused), the
 * control's (`<run>-control`, or an analysed run named by `--control`, checked to be that config), the control arm
 * of the scorecard stored with the planted run, the report written again with it, and the scorecard printed.
 */
export const validateCommand: Command = async (args) => {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'validate',
    options: {
      set: { type: 'string', value: 'key=value', multiple: true },
      'run-id': { type: 'string', value: 'id' },
      control: { type: 'string', value: 'run id' },
      ...ROOT_OPTION,
    },
    positionals: { count: 1, what: 'one config file with data.plant (e.g. configs/mnist-shortcut.yaml)' },
  });
  const { config } = loadConfig(positionals[0], values.set ?? []);
  if (config.data.plant.length === 0) {
    throw new I2xError('E_CONFIG', `${positionals[0]}: data.plant is empty; i2x validate scores a run against planted ground truth, so the config needs at least one plant (e.g. data.plant: [{ kind: label-flip, from: 2, to: 7, fraction: 0.05 }], as configs/mnist-shortcut.yaml has)`);
  }
  checkConfigAgainstData(config);
  await selectBackend(config.backend);
  const root = projectRoot(values.root);
  const runId = values['run-id'] ?? config.name;
  const paths = { root, artifactsRoot: ARTIFACTS_ROOT, checkpointsRoot: CHECKPOINTS_ROOT };
  const onEvent = logPipelineEvent;
  const clean = resolveConfig({ ...config, name: `${config.name}-control`, data: { ...config.data, plant: [] } });
  const controlRun = values.control ?? `${runId}-control`;
  let controlConfig = clean;
  if (values.control !== undefined) {
    const file = join(runDirectory(resolve(root, ARTIFACTS_ROOT), values.control), RUN_CONFIG_FILE);
    if (!existsSync(file)) throw new I2xError('E_CONFIG', `--control ${values.control}: ${file} does not exist; name a run analysed under ${ARTIFACTS_ROOT} (see i2x runs), or leave --control out to run the control as '${runId}-control'`);
    controlConfig = resolveConfig(JSON.parse(readFileSync(file, 'utf8')));
    const differing = differingKeys(clean, controlConfig);
    if (differing.length > 0) {
      throw new I2xError('E_CONFIG', `--control ${values.control}: that run is not ${positionals[0]} without its plants; it differs in ${differing.join(', ')} (a control keeps every key but data.plant)`);
    }
  }
  // the control is checked before anything runs
  await runPipeline(i2xPipeline(), config, { ...paths, runId, onEvent });
  log(`control: '${controlRun}'`);
  await runPipeline(analysisStages(), controlConfig, { ...paths, runId: controlRun, onEvent });
  const arms = await controlScorecard({ root, artifactsRoot: ARTIFACTS_ROOT, planted: { config, runId }, control: { config: controlConfig, runId: controlRun } });
  await runPipeline(i2xPipeline(), config, { ...paths, runId, only: 'report', force: ['report'], onEvent });
  process.stdout.write(scorecardText(runId, controlRun, arms.planted, arms.control));
  return 0;
};

/** The CONTROL_KEYS (data's keys one level down) whose values differ between two resolved configs. */
function differingKeys(a: I2xConfig, b: I2xConfig): string[] {
  const out: string[] = [];
  for (const key of CONTROL_KEYS) {
    const left = a[key] as unknown;
    const right = b[key] as unknown;
    if (key === 'data') {
      for (const inner of Object.keys(a.data) as (keyof I2xConfig['data'])[]) {
        if (canonicalJson(a.data[inner]) !== canonicalJson(b.data[inner])) out.push(`data.${inner}`);
      }
    } else if (canonicalJson(left) !== canonicalJson(right)) {
      out.push(key);
    }
  }
  return out;
}
