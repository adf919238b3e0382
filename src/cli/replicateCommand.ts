import { join, resolve } from 'node:path';
import { i2xFinetunePipeline } from '../../pipelines/i2xFinetune.js';
import { selectBackend } from '../backend/selectBackend.js';
import { loadConfig } from '../config/loadConfig.js';
import { checkConfigAgainstData } from '../data/checkConfigAgainstData.js';
import { acrossBases, formatAcrossBases, type BaseComparisons } from '../finetune/acrossBases.js';
import { finetuneComparisonRows } from '../finetune/finetuneComparisonRows.js';
import { finetuneArtifacts } from '../stages/i2x/artifacts/finetuneArtifacts.js';
import { replicatesArtifacts } from '../stages/i2x/artifacts/replicatesArtifacts.js';
import { runDirectory } from '../stages/runDirectory.js';
import { runPipeline } from '../stages/runPipeline.js';
import { I2xStore } from '../store/I2xStore.js';
import { writeFinetuneReplicates } from '../store/writers/writeFinetuneReplicates.js';
import { I2xError } from '../util/I2xError.js';
import { ARTIFACTS_ROOT, CHECKPOINTS_ROOT } from '../util/projectPaths.js';
import type { Command } from './Command.js';
import { finetuneTableText } from './finetuneTableText.js';
import { logPipelineEvent } from './logPipelineEvent.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { projectRoot, ROOT_OPTION } from './projectRoot.js';

/** `--seeds 0,1,2,3`: two or more distinct integers >= 0, or an error naming the value. */
export function parseSeeds(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const seeds = parts.map(Number);
  if (parts.some((part, i) => part === '' || !Number.isInteger(seeds[i]) || seeds[i] < 0) || new Set(seeds).size !== seeds.length || seeds.length < 2) {
    throw new I2xError('E_USAGE', `--seeds ${text} is not accepted; expected two or more distinct integers >= 0 separated by commas, e.g. --seeds 0,1,2,3`);
  }
  return seeds;
}

/**
 * `i2x replicate <config> --seeds 0,1,2,3`: the config's analysis and fine-tuning once per training seed (`seed`, run
 * `<name>-seed<S>`, cached stages reused), then every strategy's comparison with the reference summarised over those
 * base models: each contributes its mean difference over fine-tuning seeds, and the interval is over bases
 * (src/finetune/acrossBases.ts). Writes them to artifacts/<name>-replicates/ (replicatesArtifacts) and to the store
 * (`finetune_replicates`, `finetune_replicate_bases`, run id `<name>-replicates`), prints the table, and writes each
 * base's report again, which then shows the summary over base models in its fine-tuning section.
 */
export const replicateCommand: Command = async (args) => {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'replicate',
    options: { seeds: { type: 'string', value: 'S,S,...' }, set: { type: 'string', value: 'key=value', multiple: true }, ...ROOT_OPTION },
    positionals: { count: 1, what: 'one config file (e.g. configs/mnist-planted-curation.yaml)' },
  });
  if (values.seeds === undefined) throw new I2xError('E_USAGE', 'i2x replicate needs --seeds, the training seeds of the base models, e.g. --seeds 0,1,2,3');
  const seeds = parseSeeds(values.seeds);
  const overrides = values.set ?? [];
  if (overrides.some((o) => /^\s*seed\s*=/.test(o))) throw new I2xError('E_USAGE', '--set seed=... is not accepted by i2x replicate: --seeds sets the seed of each base model');
  const configs = seeds.map((seed) => loadConfig(positionals[0], [...overrides, `seed=${seed}`]).config);
  for (const config of configs) checkConfigAgainstData(config);
  await selectBackend(configs[0].backend);
  const root = projectRoot(values.root);
  const name = configs[0].name;
  const runIds = seeds.map((seed) => `${name}-seed${seed}`);
  const bases: BaseComparisons[] = [];
  for (const [i, config] of configs.entries()) {
    const runId = runIds[i];
    process.stdout.write(`replicate: base model ${i + 1} of ${seeds.length}, seed ${seeds[i]}, run '${runId}'\n`);
    const result = await runPipeline(i2xFinetunePipeline(), config, { root, artifactsRoot: ARTIFACTS_ROOT, checkpointsRoot: CHECKPOINTS_ROOT, runId, onEvent: logPipelineEvent });
    process.stdout.write(finetuneTableText(result));
    const finetuneDir = result.stages.find((s) => s.name === 'finetune')!.dir;
    const { reference, runs } = finetuneArtifacts.readResults(finetuneDir);
    bases.push({ seed: seeds[i], rows: finetuneComparisonRows(runs, reference) });
  }
  const rows = acrossBases(bases);
  const text =
    `Over ${seeds.length} base models (training seeds ${seeds.join(', ')}), each strategy against the reference: per base the mean of its ` +
    'fine-tuning seeds\' differences; the mean, 95% t interval and exact sign test are over bases.\n' + formatAcrossBases(rows) + '\n';
  const dir = runDirectory(resolve(root, ARTIFACTS_ROOT), `${name}-replicates`);
  replicatesArtifacts.write(dir, { summary: { config: positionals[0], overrides, seeds, runs: runIds, rows }, text });
  const storePath = resolve(root, configs[0].store.path);
  const store = await I2xStore.create(storePath);
  try {
    await writeFinetuneReplicates(store, `${name}-replicates`, rows.map((r) => ({
      strategy: r.strategy, baseline: r.baseline, metric: r.metric,
      perBase: r.perBase.map((b) => ({ seed: b.seed, run: runIds[seeds.indexOf(b.seed)], meanDiff: b.meanDiff })),
      meanDiff: r.statistics.mean, t: r.statistics.interval, bootstrap: r.statistics.bootstrap, signP: r.statistics.signP, wilcoxonP: r.statistics.wilcoxonP,
    })));
  } finally {
    store.close();
  }
  // each base's report was written before the summary existed; written again, it shows the summary over bases
  const reports = [];
  for (const [i, config] of configs.entries()) {
    const result = await runPipeline(i2xFinetunePipeline(), config, { root, artifactsRoot: ARTIFACTS_ROOT, checkpointsRoot: CHECKPOINTS_ROOT, runId: runIds[i], only: 'report' });
    reports.push(join(result.stages.find((s) => s.name === 'report')!.dir, 'index.html'));
  }
  process.stdout.write(`\n${text}outputs: ${dir}\nreports (with the summary over base models): ${reports.join(', ')}\n`);
  return 0;
};
