import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDatasets } from '../data/prepareDatasets.js';
import { I2xStore } from '../store/I2xStore.js';
import { atomicWrite } from '../util/atomicWrite.js';
import { I2xError } from '../util/I2xError.js';
import type { ColormapName } from './colormap.js';
import { drawReportImages } from './drawReportImages.js';
import { drawReportPlots } from './drawReportPlots.js';
import { queryReportData } from './queryReportData.js';
import { reportHtml } from './reportHtml.js';
import type { StageOutputs } from './StageOutputs.js';
import { summarizeRun } from './summarizeRun.js';

export interface ReportFilesOptions {
  readonly runId: string;
  /** the DuckDB store holding the run's rows */
  readonly storePath: string;
  /** the store as the page names it (default `storePath`): the configured path, so the page does not depend on where the project is */
  readonly storeShown?: string;
  readonly colormap: ColormapName;
  /** opens the run's saliency and prototypes stage outputs (called after the store's rows are read) */
  readonly stages: () => StageOutputs;
  /** where the saliency stage's outputs are, for error messages */
  readonly saliencyDir: string;
}

/**
 * Writes the report of a run into `dir` (which must exist and be empty): `index.html` with its PNG pictures and
 * SVG plots; numbers from the store, pictures from the run's saliency and prototypes stage outputs and its
 * training images. Returns how many images and plots it wrote.
 */
export async function writeReportFiles(dir: string, options: ReportFilesOptions): Promise<{ images: number; plots: number }> {
  const { runId, storePath, colormap } = options;
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

  const stages = options.stages();
  if (stages.checkpointNames.length !== data.checkpoints.length) {
    throw new I2xError('E_REPORT', `${options.saliencyDir} has maps of ${stages.checkpointNames.length} checkpoints, the store ${data.checkpoints.length} for run '${runId}'; re-run the pipeline so both are from the same run`);
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
  for (const { kind, planted } of data.plantExamples) {
    for (const p of planted) {
      if (!(p.sample < train.count) || train.labels[p.sample] !== p.givenLabel) {
        throw new I2xError('E_REPORT', `planted training sample ${p.sample} (${kind}) has label ${train.labels[p.sample]} in the dataset but given label ${p.givenLabel} in the store's planted table; the store's run '${runId}' used other data or plants`);
      }
    }
  }
  const className = (c: number): string => train.classNames[c] ?? String(c);
  const images = drawReportImages(dir, data, train, stages, colormap);
  const { plots, count: plotCount } = await drawReportPlots(dir, data, className);
  const html = reportHtml(data, {
    ...images,
    plots,
    storePath: options.storeShown ?? storePath,
    classNames: train.classNames,
    datasetName: train.name,
    summary: summarizeRun(data, train.classNames),
    colormap,
    finetuneCommand: finetuneCommand(data.config.name, runId),
  });
  atomicWrite(join(dir, 'index.html'), html);
  return { images: images.count, plots: plotCount };
}

function finetuneCommand(configName: string, runId: string): string {
  const config = existsSync(join('configs', `${configName}.yaml`)) ? join('configs', `${configName}.yaml`) : '<config>';
  return `i2x finetune ${config}${runId !== configName ? ` --run-id ${runId}` : ''}`;
}
