import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDatasets } from '../data/prepareDatasets.js';
import { I2xStore } from '../store/I2xStore.js';
import { atomicWrite } from '../util/atomicWrite.js';
import { I2xError } from '../util/I2xError.js';
import type { ColormapName } from './colormap.js';
import { drawReportImages } from './drawReportImages.js';
import { drawReportPlots } from './drawReportPlots.js';
import { queryReportData } from './queryReportData.js';
import { removeOrphanedTemps } from '../util/removeOrphanedTemps.js';
import { replaceDirectory } from '../util/replaceDirectory.js';
import { reportHtml } from './reportHtml.js';
import type { StageOutputs } from './StageOutputs.js';
import { summarizeRun } from './summarizeRun.js';

export interface WriteReportOptions {
  readonly runId: string;
  /** where runs keep their stage outputs (default 'artifacts'): the report goes to <artifactsRoot>/<runId>/report/ */
  readonly artifactsRoot?: string;
  /** the DuckDB store; default: the `store.path` of <artifactsRoot>/<runId>/config.json, else artifacts/i2x.duckdb */
  readonly storePath?: string;
  /** colour map of the saliency overlays (default 'inferno') */
  readonly colormap?: ColormapName;
  /** opens the run's saliency and prototypes stage outputs under the run directory (src/stages/i2x/readReportInputs.ts) */
  readonly readStageOutputs: (runDir: string) => StageOutputs;
}

export interface WriteReportResult {
  /** the report's index.html */
  readonly path: string;
  /** PNG files written */
  readonly images: number;
  /** SVG plots written */
  readonly plots: number;
}

/**
 * Writes the self-contained report of a run, `<artifactsRoot>/<runId>/report/index.html` with its PNG pictures
 * and SVG plots: numbers from the store, pictures from the run's saliency and prototypes stage outputs and its
 * training images. The report is built in a temp folder beside it and renamed into place, so a failure never
 * leaves half a report.
 */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const { runId, artifactsRoot = 'artifacts', colormap = 'inferno' } = options;
  const runDir = join(artifactsRoot, runId);
  if (!existsSync(runDir)) {
    throw new I2xError('E_REPORT', `${runDir} does not exist: no run '${runId}' under ${artifactsRoot}; run it first (i2x run <config> --run-id ${runId})`);
  }
  const storePath = options.storePath ?? configuredStorePath(runDir) ?? I2xStore.defaultPath;
  if (!existsSync(storePath)) {
    throw new I2xError('E_REPORT', `the store ${storePath} does not exist; run the pipeline's database stage first, or pass the store path`);
  }
  const store = await I2xStore.create(storePath, { readOnly: true });
  let data;
  try {
    data = await queryReportData(store, runId);
  } finally {
    store.close();
  }

  const stages = options.readStageOutputs(runDir);
  if (stages.checkpointNames.length !== data.checkpoints.length) {
    throw new I2xError('E_REPORT', `${join(runDir, 'saliency')} has maps of ${stages.checkpointNames.length} checkpoints, the store ${data.checkpoints.length} for run '${runId}'; re-run the pipeline so both are from the same run`);
  }
  const { train } = prepareDatasets(data.config.data, data.config.seed);
  if (train.count !== stages.samples) {
    throw new I2xError('E_REPORT', `the run's training set has ${train.count} samples, its prototype assignments ${stages.samples}; was data.* changed after the run?`);
  }
  for (const s of data.samples) {
    if (train.labels[s.sample] !== s.label) {
      throw new I2xError('E_REPORT', `training sample ${s.sample} has label ${train.labels[s.sample]} in the dataset but ${s.label} in the store; the store's run '${runId}' used other data`);
    }
  }
  const className = (c: number): string => train.classNames[c] ?? String(c);

  // a killed report leaves its temp directory (or, killed inside replaceDirectory, the old report set aside)
  removeOrphanedTemps(runDir, [/^\.report-(\d+)-/, /^report\.old-(\d+)-/]);
  const tmp = join(runDir, `.report-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const images = drawReportImages(tmp, data, train, stages, colormap);
    const { plots, count: plotCount } = await drawReportPlots(tmp, data, className);
    const html = reportHtml(data, {
      ...images,
      plots,
      storePath,
      classNames: train.classNames,
      datasetName: train.name,
      summary: summarizeRun(data, train.classNames),
      colormap,
      finetuneCommand: finetuneCommand(data.config.name, runId),
    });
    atomicWrite(join(tmp, 'index.html'), html);
    const target = join(runDir, 'report');
    replaceDirectory(tmp, target);
    return { path: join(target, 'index.html'), images: images.count, plots: plotCount };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function configuredStorePath(runDir: string): string | null {
  const file = join(runDir, 'config.json');
  if (!existsSync(file)) return null;
  const config = JSON.parse(readFileSync(file, 'utf8')) as { store?: { path?: unknown } };
  return typeof config.store?.path === 'string' ? config.store.path : null;
}

function finetuneCommand(configName: string, runId: string): string {
  const config = existsSync(join('configs', `${configName}.yaml`)) ? join('configs', `${configName}.yaml`) : '<config>';
  return `i2x finetune ${config}${runId !== configName ? ` --run-id ${runId}` : ''}`;
}
