import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { i2xFinetunePipeline, wasFineTuned } from '../../pipelines/i2xFinetune.js';
import { i2xPipeline } from '../../pipelines/i2x.js';
import { selectBackend } from '../backend/selectBackend.js';
import { resolveConfig } from '../config/resolveConfig.js';
import { runDirectory } from '../stages/runDirectory.js';
import { InputNotDoneError, runPipeline } from '../stages/runPipeline.js';
import { readStageRecord } from '../stages/StageRecord.js';
import { I2xError } from '../util/I2xError.js';
import type { Command } from './Command.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { ARTIFACTS_ROOT, CHECKPOINTS_ROOT, RUN_CONFIG_FILE } from '../util/projectPaths.js';
import { projectRoot, ROOT_OPTION } from './projectRoot.js';
import { STORE_OPTION } from './storeCommands.js';

/**
 * `i2x report <run>`: (re)writes the run's report. It runs the report stage alone for the config the run stored
 * (`<run>/config.json`), in the fine-tuning pipeline when the run was fine-tuned; its inputs must be done. With
 * `--store <path>` it draws from that store instead (e.g. a read-only copy), outside the pipeline.
 */
export const reportCommand: Command = async (args) => {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'report',
    options: { ...STORE_OPTION, ...ROOT_OPTION },
    positionals: { count: 1, what: 'one run id (e.g. quickstart; see i2x runs)' },
  });
  const runId = positionals[0];
  const root = projectRoot(values.root);
  if (values.store !== undefined) {
    const { writeReport } = await import('../report/writeReport.js'); // lazy: vega adds a second or two of start-up
    const { readReportInputs } = await import('../stages/i2x/readReportInputs.js');
    const written = await writeReport({
      runId,
      root,
      artifactsRoot: ARTIFACTS_ROOT,
      storePath: values.store,
      readStageOutputs: (runDir) => readReportInputs({ saliencyDir: join(runDir, 'saliency'), prototypesDir: join(runDir, 'prototypes'), qualityDir: join(runDir, 'quality') }),
    });
    process.stdout.write(`report: ${written.path} (${written.images} images, ${written.plots} plots)\n`);
    return 0;
  }
  const runDir = runDirectory(resolve(root, ARTIFACTS_ROOT), runId);
  const configFile = join(runDir, RUN_CONFIG_FILE);
  if (!existsSync(configFile)) {
    throw new I2xError('E_REPORT', `${configFile} does not exist: no run '${runId}' under ${ARTIFACTS_ROOT}; run it first (i2x run <config> --run-id ${runId})`);
  }
  const config = resolveConfig(JSON.parse(readFileSync(configFile, 'utf8')));
  const fineTuned = wasFineTuned(runDir);
  await selectBackend(config.backend);
  let result;
  try {
    result = await runPipeline(fineTuned ? i2xFinetunePipeline() : i2xPipeline(), config, { root, artifactsRoot: ARTIFACTS_ROOT, checkpointsRoot: CHECKPOINTS_ROOT, runId, only: 'report' });
  } catch (err) {
    // an input stage that is not done (e.g. a run directory an older i2x wrote): the run has to be brought up to date
    if (err instanceof InputNotDoneError) {
      throw new I2xError('E_REPORT', `run '${runId}' is not up to date (its input '${err.input}' is ${err.state}); run it again with i2x ${fineTuned ? 'finetune' : 'run'} <config>${runId !== config.name ? ` --run-id ${runId}` : ''}, which writes the report too`, { cause: err });
    }
    throw err;
  }
  const stage = result.stages.find((s) => s.name === 'report')!;
  const summary = readStageRecord(stage.dir)?.summary as { images: number; plots: number };
  process.stdout.write(`report: ${join(stage.dir, 'index.html')} (${summary.images} images, ${summary.plots} plots)\n`);
  return 0;
};
