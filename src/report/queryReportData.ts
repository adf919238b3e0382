import { resolveConfig } from '../config/resolveConfig.js';
import type { I2xStore } from '../store/I2xStore.js';
import { I2xError } from '../util/I2xError.js';
import { firstSeparated } from './firstSeparated.js';
import { plainNumber } from './plainNumber.js';
import { queryChosenSamples } from './queryChosenSamples.js';
import { queryFinetune } from './queryFinetune.js';
import { queryFinetuneComparisons } from './queryFinetuneComparisons.js';
import { queryReplicates } from './queryReplicates.js';
import { queryPlantExamples } from './queryPlantExamples.js';
import { queryScorecard } from './queryScorecard.js';
import { queryPairSeparations } from './queryPairSeparations.js';
import { queryPairTrajectory } from './queryPairTrajectory.js';
import { queryPrototypes } from './queryPrototypes.js';
import { queryRecords } from './queryRecords.js';
import type { ClassPair, PairTrajectory, ReportData, UncertainRow } from './ReportData.js';
import { samePair } from './samePair.js';

/** How many of the earliest-separated class pairs get a trajectory besides the configured ones. */
const FIRST_SEPARATED_PAIRS = 3;

/** Reads everything the report of `runId` shows from the store; the run's config is its `runs.config_json`. */
export async function queryReportData(store: I2xStore, runId: string): Promise<ReportData> {
  const [run] = await queryRecords(store, 'SELECT config_json, created_at FROM runs WHERE run_id = $1', [runId]);
  if (!run || run.config_json === null) {
    throw new I2xError('E_REPORT', `run '${runId}' is not in the store ${store.path}; run the pipeline first (i2x run <config>), whose database stage writes it`);
  }
  const config = resolveConfig(JSON.parse(String(run.config_json)), { label: `runs.config_json of run '${runId}'` });
  const num = plainNumber;

  const checkpoints = (
    await queryRecords(store, 'SELECT * FROM checkpoints WHERE run_id = $1 ORDER BY checkpoint', [runId])
  ).map((r) => ({ checkpoint: num(r.checkpoint)!, step: num(r.step), epoch: num(r.epoch), trainAcc: num(r.train_acc), valAcc: num(r.val_acc), testAcc: num(r.test_acc) }));
  if (checkpoints.length === 0) {
    throw new I2xError('E_REPORT', `run '${runId}' has no checkpoints in the store ${store.path}; re-run its database stage (i2x run <config> --only database)`);
  }
  const [sizes] = await queryRecords(
    store,
    `SELECT (SELECT max(len(confidence)) FROM predictions WHERE run_id = $1) AS classes,
            (SELECT max(class) + 1 FROM ridge_coefficients WHERE run_id = $1) AS beta_classes,
            (SELECT max(transition) + 1 FROM ridge_coefficients WHERE run_id = $1) AS transitions,
            (SELECT count(*) FROM samples WHERE run_id = $1) AS samples`,
    [runId],
  );
  const classCount = num(sizes.classes) ?? num(sizes.beta_classes) ?? 0;
  const sampleCount = num(sizes.samples) ?? 0;
  const transitions = Math.max(checkpoints.length - 1, num(sizes.transitions) ?? 0);
  const prototypes = await queryPrototypes(store, runId);

  const separations = await queryPairSeparations(store, runId, transitions, config.analysis.explanation.separationFraction);
  const configuredPairs = config.analysis.uncertain.pairs as ClassPair[];
  const shownPairs: { pair: ClassPair; reason: PairTrajectory['reason'] }[] = configuredPairs.map((pair) => ({ pair, reason: 'configured' }));
  for (const s of firstSeparated(separations).slice(0, FIRST_SEPARATED_PAIRS)) {
    if (!shownPairs.some(({ pair }) => samePair(pair, s.pair))) shownPairs.push({ pair: s.pair, reason: 'separated first' });
  }
  const trajectories: PairTrajectory[] = [];
  for (const { pair, reason } of shownPairs) {
    trajectories.push(await queryPairTrajectory(store, runId, pair, reason));
  }

  const groupSizes = (
    await queryRecords(store, 'SELECT transition, grp, count(*) AS size FROM confidence_groups WHERE run_id = $1 GROUP BY ALL ORDER BY ALL', [runId])
  ).map((r) => ({ transition: num(r.transition)!, grp: num(r.grp)!, size: num(r.size)! }));
  const uncertain = (
    await queryRecords(store, 'SELECT * FROM uncertain_prototypes WHERE run_id = $1 ORDER BY class_a, class_b, prototype', [runId])
  ).map((r): UncertainRow => {
    const evidence = JSON.parse(String(r.evidence_json ?? '{}')) as Partial<Pick<UncertainRow, 'differences' | 'scaled' | 'consideredTransitions' | 'signFlips'>>;
    return {
      prototype: num(r.prototype)!,
      pair: [num(r.class_a)!, num(r.class_b)!],
      signChanges: num(r.sign_changes)!,
      maxMagnitude: num(r.max_magnitude)!,
      differences: evidence.differences ?? [],
      scaled: evidence.scaled ?? evidence.differences ?? [],
      consideredTransitions: evidence.consideredTransitions ?? [],
      signFlips: evidence.signFlips ?? [],
    };
  });
  const finetune = await queryFinetune(store, runId, config.finetune.strategies, config.finetune.pairs as ClassPair[]);
  const finetuneComparisons = await queryFinetuneComparisons(store, runId, finetune.map((f) => f.strategy));
  const replicates = await queryReplicates(store, runId, finetune.map((f) => f.strategy));
  const last = checkpoints[checkpoints.length - 1];
  const lastConfusions = await queryRecords(
    store,
    `SELECT true_class, predicted_class, count FROM confusions
     WHERE run_id = $1 AND source = 'checkpoint' AND checkpoint_or_strategy = $2 AND true_class <> predicted_class`,
    [runId, String(last.checkpoint)],
  );
  const confusionCount = (from: number, to: number) => num(lastConfusions.find((r) => num(r.true_class) === from && num(r.predicted_class) === to)?.count ?? null);
  const finetuneBase = {
    testAcc: last.testAcc,
    valAcc: last.valAcc,
    pairConfusions: (config.finetune.pairs as ClassPair[]).map((pair) => ({
      pair,
      count: lastConfusions.length === 0 ? null : (confusionCount(pair[0], pair[1]) ?? 0) + (confusionCount(pair[1], pair[0]) ?? 0),
    })),
  };
  const legibility = (
    await queryRecords(
      store,
      `SELECT method, checkpoint, count(*) AS samples, avg(contrast) AS contrast, avg(blobs) AS blobs, avg(gini) AS gini
       FROM saliency_metrics WHERE run_id = $1 GROUP BY ALL ORDER BY ALL`,
      [runId],
    )
  ).map((r) => ({ method: String(r.method), checkpoint: num(r.checkpoint)!, samples: num(r.samples)!, contrast: num(r.contrast), blobs: num(r.blobs), gini: num(r.gini) }));
  const legibilityComparison = (
    await queryRecords(
      store,
      `WITH methods AS (SELECT count(DISTINCT method) AS n FROM saliency_metrics WHERE run_id = $1),
            last AS (SELECT max(checkpoint) AS c FROM saliency_metrics WHERE run_id = $1),
            shared AS (SELECT sample FROM saliency_metrics, last WHERE run_id = $1 AND checkpoint = last.c
                       GROUP BY sample HAVING count(DISTINCT method) = (SELECT n FROM methods))
       SELECT method, checkpoint, count(*) AS samples, avg(contrast) AS contrast, avg(blobs) AS blobs, avg(gini) AS gini
       FROM saliency_metrics, last WHERE run_id = $1 AND checkpoint = last.c AND sample IN (SELECT sample FROM shared)
       GROUP BY ALL ORDER BY ALL`,
      [runId],
    )
  ).map((r) => ({ method: String(r.method), checkpoint: num(r.checkpoint)!, samples: num(r.samples)!, contrast: num(r.contrast), blobs: num(r.blobs), gini: num(r.gini) }));
  const conservation = (
    await queryRecords(store, `SELECT method, checkpoint, layer, relevance_sum, logit, deviation FROM lrp_conservation WHERE run_id = $1 ORDER BY method, checkpoint, deviation`, [runId])
  ).map((r) => ({ method: String(r.method), checkpoint: num(r.checkpoint)!, layer: String(r.layer), relevanceSum: num(r.relevance_sum), logit: num(r.logit), deviation: num(r.deviation) }));
  const quality = (
    await queryRecords(store, `SELECT checkpoint, method, metric, value FROM saliency_quality WHERE run_id = $1 ORDER BY metric, method, checkpoint`, [runId])
  ).map((r) => ({ checkpoint: num(r.checkpoint)!, method: String(r.method), metric: String(r.metric), value: num(r.value) }));
  const qualityCurves = (
    await queryRecords(store, `SELECT checkpoint, method, metric, step, fraction, value FROM saliency_quality_curves WHERE run_id = $1 ORDER BY metric, method, checkpoint, step`, [runId])
  ).map((r) => ({ checkpoint: num(r.checkpoint)!, method: String(r.method), metric: String(r.metric), step: num(r.step)!, fraction: num(r.fraction)!, value: num(r.value) }));
  const samples = await queryChosenSamples(store, runId, configuredPairs, config.report.samples);
  const ranked = await queryRecords(
    store,
    `SELECT prototype, sample, intensity FROM (
       SELECT prototype, sample, intensity, row_number() OVER (PARTITION BY prototype ORDER BY intensity DESC, sample) AS r
       FROM prototype_intensity WHERE run_id = $1 AND checkpoint = $2 AND intensity IS NOT NULL AND NOT isnan(intensity))
     WHERE r <= $3 ORDER BY prototype, r`,
    [runId, checkpoints[checkpoints.length - 1].checkpoint, config.report.galleryPatches],
  );
  const gallery = prototypes.map(({ prototype }) => ({
    prototype,
    ranked: ranked.filter((r) => num(r.prototype) === prototype).map((r) => ({ sample: num(r.sample)!, intensity: num(r.intensity)! })),
  }));
  const createdAt = run.created_at === null ? null : String(run.created_at);
  const scorecard = await queryScorecard(store, runId);
  const plantExamples = await queryPlantExamples(store, runId);
  return { runId, config, createdAt, classCount, sampleCount, checkpoints, prototypes, separations, trajectories, groupSizes, uncertain, finetune, finetuneComparisons, replicates, finetuneBase, legibility, legibilityComparison, conservation, quality, qualityCurves, samples, gallery, scorecard, plantExamples };
}
