import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { I2xStore } from '../store/I2xStore.js';
import { I2xError } from '../util/I2xError.js';
import { RUN_CONFIG_FILE } from '../util/projectPaths.js';
import type { ColormapName } from './colormap.js';
import { removeOrphanedTemps } from '../util/removeOrphanedTemps.js';
import { asideDirectoryPattern, replaceDirectory } from '../util/replaceDirectory.js';
import { writeReportFiles } from './writeReportFiles.js';
import type { StageOutputs } from './StageOutputs.js';

export interface WriteReportOptions {
  readonly runId: string;
  /** the project root, against which a relative `artifactsRoot` and store path (given or configured) are resolved; absent: as given */
  readonly root?: string;
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
 * and SVG plots (src/report/writeReportFiles.ts), for a run directory outside the pipeline. The report is built in
 * a temp folder beside it and renamed into place, so a failure never leaves half a report. In the pipeline the
 * report stage (src/stages/i2x/reportStage.ts) writes the same files into its output directory.
 */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const { runId, colormap = 'inferno' } = options;
  const fromRoot = (path: string): string => (options.root === undefined ? path : resolve(options.root, path));
  const artifactsRoot = fromRoot(options.artifactsRoot ?? 'artifacts');
  const runDir = join(artifactsRoot, runId);
  if (!existsSync(runDir)) {
    throw new I2xError('E_REPORT', `${runDir} does not exist: no run '${runId}' under ${artifactsRoot}; run it first (i2x run <config> --run-id ${runId})`);
  }
  const storePath = fromRoot(options.storePath ?? configuredStorePath(runDir) ?? I2xStore.defaultPath);
  // a killed report leaves its temp directory (or, killed inside replaceDirectory, the old report set aside)
  removeOrphanedTemps(runDir, [/^\.report-(\d+)-/, asideDirectoryPattern('report')]);
  const tmp = join(runDir, `.report-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const written = await writeReportFiles(tmp, { runId, storePath, colormap, stages: () => options.readStageOutputs(runDir), saliencyDir: join(runDir, 'saliency') });
    const target = join(runDir, 'report');
    replaceDirectory(tmp, target);
    return { path: join(target, 'index.html'), images: written.images, plots: written.plots };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function configuredStorePath(runDir: string): string | null {
  const file = join(runDir, RUN_CONFIG_FILE);
  if (!existsSync(file)) return null;
  const config = JSON.parse(readFileSync(file, 'utf8')) as { store?: { path?: unknown } };
  return typeof config.store?.path === 'string' ? config.store.path : null;
}
