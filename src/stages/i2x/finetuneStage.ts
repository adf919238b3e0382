import { join } from 'node:path';
import { aggregateResults } from '../../finetune/aggregateResults.js';
import { formatFinetuneTable } from '../../finetune/formatFinetuneTable.js';
import { finetuneComparisonRows, formatFinetuneComparisons, type FinetuneComparisonRow } from '../../finetune/finetuneComparisonRows.js';
import { formatPredictionAgreement, predictionAgreement, type PredictionAgreement } from '../../finetune/predictionAgreement.js';
import { referenceStrategy } from '../../finetune/referenceStrategy.js';
import type { FinetuneSets } from '../../finetune/runStrategy.js';
import { runFinetune } from '../../finetune/runFinetune.js';
import { baselineStrategy, strategyPhases } from '../../finetune/strategies.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { I2xStore } from '../../store/I2xStore.js';
import { writeConfusions, writeCuration, writeFinetuneComparisons, writeFinetuneResult, writeTestPredictions } from '../../store/index.js';
import { I2xError } from '../../util/I2xError.js';
import { defineStage } from '../Stage.js';
import { curationArtifacts, type CurationOutput } from './artifacts/curationArtifacts.js';
import { finetuneArtifacts } from './artifacts/finetuneArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';
import { firstPhaseSet } from './firstPhaseSet.js';
import { readStoreValue } from './readStoreValue.js';
import { recordedTrainRate } from './recordedTrainRate.js';
import { formatPercent } from '../../util/formatPercent.js';

/**
 * Fine-tunes the run's final checkpoint with every `finetune.strategies` strategy and `finetune.seeds` seeds
 * (src/finetune/strategies.ts lists the phases; each run starts from the same checkpoint, seeds change only
 * the data order), optimizer settings from `train`, rate `finetune.lr`. Writes its results (every run,
 * the base model, the aggregated table; src/stages/i2x/artifacts/finetuneArtifacts.ts), and the DuckDB rows: curation, finetune_results, and
 * the test confusion matrices (source 'finetune'). These replace all of the run's rows of that kind in one
 * transaction (a rerun with fewer strategies or seeds leaves none of the old ones), and `invocation` names the
 * stage fingerprint that wrote them. No fine-tuned weights are kept. With `finetune.curation.action: mask` the
 * curated and random sets hold every sample, the curation's masked cells painted over (src/finetune/maskedSamples.ts),
 * and the table says so.
 */
export const finetuneStage = defineStage({
  name: 'finetune',
  version: 8, // (fine-tuned models are evaluated with the direct convolution, not inference's Winograd: evaluateModel's default); 8: finetune.curation.action mask (masked curated / random sets; the table's action line; store reasons 'masked ...'); 7: agreement of the final test predictions with the reference per seed (table, comparisons.txt, finetune_results / finetune_comparisons.agreement); 6: test_predictions of every fine-tuned model; 5: finetune_comparisons rows in the store; 4: comparisons.txt, the paired comparisons (t, bootstrap, sign, Wilcoxon) vs full->full; 2: rows replaced as a whole in one transaction, with `invocation`; 3: results.json's tag is 'i2x-finetune-results/1'
  configKeys: ['finetune', 'workers', 'train.optimizer', 'train.momentum', 'train.weightDecay', 'train.augment', 'train.batchSize', 'data', 'store.path'],
  uses: ['datasets', 'backend'],
  inputs: ['train', 'curation'],
  async run(ctx) {
    const config = ctx.config;
    const ft = config.finetune;
    const { train: full, val, test } = ctx.datasets();
    const curation = curationArtifacts.read(ctx.inputDir('curation'));
    if (curation.record.samples !== full.count) {
      throw new I2xError('E_FINETUNE', `the curation covers ${curation.record.samples} samples, the training set has ${full.count}; re-run the curation stage with this config.`);
    }
    // each of finetune.curation.baselines adds '<score>->full', trained on the set its score curated
    const strategies = [...ft.strategies, ...ft.curation.baselines.map(baselineStrategy)];
    const used = new Set(strategies.flatMap((s) => strategyPhases(s, ft.epochs).map((p) => p.data)));
    const sets: FinetuneSets = {
      full,
      ...(used.has('curated') ? { curated: firstPhaseSet(full, curation, 'curated') } : {}),
      ...(used.has('random') ? { random: firstPhaseSet(full, curation, 'random') } : {}),
      ...Object.fromEntries(ft.curation.baselines.filter((b) => used.has(b)).map((b) => [b, firstPhaseSet(full, curation, b)])),
    };
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const baseDir = checkpoints[checkpoints.length - 1].dir;
    const masking = curation.record.action === 'mask';
    const curatedSize = masking ? `all ${full.count} samples, ${curation.record.removed} of them masked` : `${full.count - curation.record.removed} of ${full.count} samples`;
    ctx.log(`${strategies.length} strategies x ${ft.seeds} seeds from ${baseDir}; curated set ${curatedSize}`);

    const pairs = ft.pairs as [number, number][];
    const results = await runFinetune({
      strategies,
      seeds: ft.seeds,
      epochs: ft.epochs,
      loadBase: async () => (await loadCheckpoint(baseDir)).model,
      sets,
      val,
      test,
      settings: { batchSize: config.train.batchSize, optimizer: config.train.optimizer, lr: ft.lr, momentum: config.train.momentum, weightDecay: config.train.weightDecay, augment: config.train.augment },
      pairs,
      executor: ctx.executor,
      runDir: join(ctx.checkpointDir, 'finetune'),
      signal: ctx.signal,
      progress: ctx.progress,
      estimate: { trainImagesPerSecond: recordedTrainRate(ctx.inputDir('train')), report: (line) => ctx.log(line) },
      onRun: (r) => ctx.log(`${r.strategy} seed ${r.seed}: test ${formatPercent(r.testAccuracy, 2)}, ${r.pairConfusions.map((p) => `${p.pair.join('<->')} ${p.count}`).join(', ')} (${r.seconds.toFixed(1)} s)`),
    });
    // full->full, else the first strategy: what every table, comparison and agreement below is against
    const reference = referenceStrategy(strategies)!;
    const agreement = predictionAgreement(results.runs, reference);
    const table = aggregateResults(results.runs, reference, agreement);
    const comparisonRows = finetuneComparisonRows(results.runs, reference, agreement);
    const comparisons = formatFinetuneComparisons(comparisonRows);
    const action = masking ? `curated and random sets: every sample kept, ${curation.record.removed} of ${full.count} masked (finetune.curation.action: mask)` : undefined;
    const agreementText = formatPredictionAgreement(agreement, reference);
    const text = formatFinetuneTable(table, { reference, classNames: full.classNames, base: results.base, ...(action ? { note: action } : {}) });
    const comparisonsText = [
      comparisons === '' ? '' : `Paired by seed against the reference (sign and Wilcoxon tests exact, zero differences dropped, tied |differences| at mid-ranks):\n${comparisons}`,
      agreementText === '' ? '' : `How much of the first phase survives the second: the share of test images each strategy's final model predicts as ${reference}'s model of the same seed does:\n${agreementText}`,
    ].filter((part) => part !== '').join('\n');
    finetuneArtifacts.write(ctx.outputDir, {
      results: { pairs, classNames: full.classNames, reference, base: results.base, runs: results.runs.map(({ testPredicted: _, ...run }) => run), agreement: Object.fromEntries(agreement), table },
      table: text,
      comparisons: comparisonsText,
    });

    const rows = await writeStoreRows({ path: ctx.storePath, runId: ctx.runId, invocation: ctx.fingerprint, curation, runs: results.runs, comparisons: comparisonRows, agreement, C: full.classNames.length, testLabels: test.labels });
    return {
      summary: {
        runs: results.runs.length,
        rows,
        // wall clock, beside the stage record's durationMs: how good the estimate printed before the runs was
        expectedSeconds: results.expected?.seconds ?? null,
        table: Object.fromEntries(table.map((row) => [row.strategy, { accuracy: row.testAccuracy, pairConfusions: row.pairConfusions.map((p) => p.confusions) }])),
      },
    };
  },
  async missingOutputs(ctx) {
    const path = ctx.storePath;
    const found = await readStoreValue(path, 'SELECT count(*) FROM finetune_results WHERE run_id = $1 AND invocation = $2', [ctx.runId, ctx.fingerprint]);
    if ('unreadable' in found) return found.unreadable;
    return Number(found.value) > 0 ? undefined : `this invocation's finetune_results rows of run '${ctx.runId}' in the store ${path}`;
  },
});

interface StoreRows {
  readonly path: string;
  readonly runId: string;
  /** the stage fingerprint, stored in every row as `invocation` */
  readonly invocation: string;
  readonly curation: CurationOutput;
  readonly runs: Awaited<ReturnType<typeof runFinetune>>['runs'];
  /** every strategy against the reference, paired by seed */
  readonly comparisons: readonly FinetuneComparisonRow[];
  /** per strategy and seed, the share of test predictions equal to the reference's */
  readonly agreement: PredictionAgreement;
  /** classes */
  readonly C: number;
  /** [N] the test split's labels */
  readonly testLabels: Int32Array;
}

/** Replaces the run's curation, finetune_results, finetune_comparisons, 'finetune' confusions and test_predictions rows with this invocation's, in one transaction. */
async function writeStoreRows({ path, runId, invocation, curation, runs, comparisons, agreement, C, testLabels }: StoreRows): Promise<number> {
  const reasons = new Array<string | null>(curation.record.samples).fill(null);
  for (const s of curation.record.removedSamples) {
    const why =
      s.score === undefined
        ? s.reasons.map((r) => `p${r.prototype} (area ${r.area}${r.intensity === null ? '' : `, intensity ${r.intensity.toFixed(4)}`})`).join('; ')
        : `${curation.record.method} score ${s.score.toPrecision(6)}`;
    reasons[s.sample] = s.maskedCells === undefined ? why : `masked ${s.maskedCells} cells: ${why}`;
  }
  // with action 'mask' no sample is removed: `removed` stays false and the reason says what was masked
  const removed = curation.record.action === 'mask' ? new Uint8Array(curation.record.samples) : curation.removed;
  const store = await I2xStore.create(path);
  try {
    return await store.transaction(async () => {
      const samples = Int32Array.from({ length: curation.record.samples }, (_, n) => n);
      let rows = await writeCuration(store, runId, { samples, removed, reasons, invocation });
      await store.deleteRows('finetune_results', runId, {});
      await store.deleteRows('confusions', runId, { source: 'finetune' });
      await store.deleteRows('test_predictions', runId, { source: 'finetune' });
      for (const run of runs) {
        const first = run.phases[0];
        const agreed = agreement.get(run.strategy)?.find((a) => a.seed === run.seed)?.value;
        await writeFinetuneResult(store, runId, {
          strategy: run.strategy,
          seed: run.seed,
          testAcc: run.testAccuracy,
          ...(run.valAccuracy === null ? {} : { valAcc: run.valAccuracy }),
          ...(first ? { nTrain: first.samples, nRemoved: curation.record.samples - first.samples } : {}),
          epochs: run.phases.reduce((sum, p) => sum + p.epochs, 0),
          seconds: run.seconds,
          details: { phases: run.phases, testLoss: run.testLoss, valLoss: run.valLoss, pairConfusions: run.pairConfusions },
          invocation,
          ...(agreed === undefined ? {} : { agreement: agreed }),
        });
        rows += 1;
        rows += await writeConfusions(store, runId, 'finetune', run.strategy, run.seed, Int32Array.from(run.confusion.flat()), C);
        if (run.testPredicted) rows += await writeTestPredictions(store, runId, { source: 'finetune', ref: `${run.strategy}/${run.seed}` }, testLabels, { predicted: run.testPredicted });
      }
      rows += await writeFinetuneComparisons(
        store,
        runId,
        comparisons.map(({ strategy, baseline, metric, statistics: s, agreement: meanAgreement }) => ({
          strategy,
          baseline,
          metric,
          n: s.seeds.length,
          meanDiff: s.mean,
          t: s.interval,
          bootstrap: s.bootstrap,
          signP: s.signP,
          wilcoxonP: s.wilcoxonP,
          agreement: meanAgreement,
          invocation,
        })),
      );
      return rows;
    });
  } finally {
    store.close();
  }
}
