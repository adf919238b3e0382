import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Batch } from '../data/Batch.js';
import { makeBatch } from '../data/makeBatch.js';
import { modelPayload } from './parallel/modelPayload.js';
import { ParallelTrainer } from './parallel/ParallelTrainer.js';
import type { WorkerPool } from './parallel/WorkerPool.js';
import { Progress } from '../util/Progress.js';
import { I2xError } from '../util/I2xError.js';
import { log } from '../util/log.js';
import { SeededRandom } from '../util/SeededRandom.js';
import { augmentBatch } from './augmentBatch.js';
import { checkpointName, type CheckpointMeta } from './CheckpointMeta.js';
import { checkpointSteps } from './checkpointSteps.js';
import { checkTrainInputs } from './checkTrainInputs.js';
import { derivedSeed } from '../util/derivedSeed.js';
import { chanceAccuracy, divergenceWarning } from './divergenceWarning.js';
import { evaluateModel } from './evaluateModel.js';
import { learningRateAt } from './learningRateAt.js';
import { listCheckpoints } from './listCheckpoints.js';
import { missingCheckpoints, type MissingCheckpoint } from './missingCheckpoints.js';
import { ModelGraph } from './ModelGraph.js';
import { nonFiniteTrainingError } from './nonFiniteTrainingError.js';
import { nonFiniteWeight } from './nonFiniteWeight.js';
import { removeInterruptedSaves } from './removeInterruptedSaves.js';
import { restoreTraining } from './restoreTraining.js';
import { saveCheckpoint } from './saveCheckpoint.js';
import type { TrainModelOptions, TrainRates, TrainResult } from './TrainModelOptions.js';
import { trainingFingerprint } from './trainingFingerprint.js';
import { TrainingOptimizer } from './TrainingOptimizer.js';
import { computeGradients, updateRunningStats } from './trainStep.js';
import { evaluationFields } from './evaluationFields.js';
import { formatPercent } from '../util/formatPercent.js';

/** Mean loss and correct count of one training batch. */
interface StepResult {
  loss: number;
  correct: number;
}

/** Loss and accuracy of the training batches since the last checkpoint. */
interface Window {
  lossSum: number;
  correct: number;
  count: number;
}

/**
 * Trains `model` on `train` with seeded, repeatable data order and augmentation (same seed and backend,
 * same weights), writing checkpoints into `runDir` as `checkpoints` asks (step 0, every n steps, every e
 * epochs, the last). Each epoch's order is drawn from (seed, epoch) and each step's augmentation from
 * (seed, step), so a run resumed from a checkpoint with its optimizer state continues exactly as an
 * uninterrupted one. A run directory holding checkpoints of another training is refused.
 *
 * Training owns `runDir`: it first removes what killed checkpoint writes left there, then resumes from the
 * last intact planned checkpoint before the first one that is missing or damaged (`missingCheckpoints`,
 * hashes verified) and writes every planned checkpoint after it again. A run cut short simply continues;
 * a checkpoint deleted from the middle is trained again, and the later ones come out bit-identical.
 *
 * A non-finite loss (checked every step; it is read anyway) or weight (checked before each checkpoint is
 * written) stops training with E_TRAIN naming the step and the config keys to change; no checkpoint with
 * non-finite weights is ever written, and `model` is left holding whatever the diverged step made of it.
 * A checkpoint whose training looks diverged (`divergenceWarning`) is written with a logged warning.
 *
 * With an executor of more than one worker, the replicas on the worker pool hold the training state; it is copied into `model`
 * and the optimizer before each checkpoint and at the end, and a resumed run sends the checkpoint's weights and
 * optimizer state to the replicas. Batches are made the same way. The checkpoints' val / test evaluations run
 * their forward passes on the same pool, with results bit-identical to one-thread evaluation.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainResult> {
  const { model, train, config, seed, classes, runDir } = options;
  const workers = options.executor?.workers ?? 1;
  checkTrainInputs(options);
  const graph = ModelGraph.fromModel(model);
  const stepsPerEpoch = Math.ceil(train.count / config.batchSize);
  const totalSteps = config.epochs * stepsPerEpoch;
  const plannedSteps = checkpointSteps(config.checkpoints, stepsPerEpoch, totalSteps);
  const planned = new Set(plannedSteps);
  // only counted above 1, so one-thread run directories written before worker training still resume
  const fingerprint = trainingFingerprint({ config: workers > 1 ? { ...config, workers } : config, seed, classes, model, datasets: [train, options.val, options.test] });

  const leftovers = removeInterruptedSaves(runDir);
  if (leftovers.length > 0) log(`train: removed ${leftovers.length} unfinished checkpoint write(s) of an interrupted run from ${runDir}: ${leftovers.join(', ')}`);
  const existing = listCheckpoints(runDir);
  const foreign = existing.find((m) => m.fingerprint !== fingerprint);
  if (foreign) {
    throw new I2xError(
      'E_CHECKPOINT',
      `Run directory '${runDir}' holds checkpoints of another training ('${foreign.name}' has fingerprint ${foreign.fingerprint ?? 'none'}; ` +
        `this config, seed, data, model and worker count give ${fingerprint}). Delete '${runDir}' to train afresh, or use another run name.`,
    );
  }
  const resume = resumePoint(runDir, plannedSteps, existing);
  const checkpoints = resume.intact;
  // what the checkpoints to be rewritten held, to tell if a rewrite comes out different
  const previousSha = new Map(existing.map((m) => [m.name, m.weightsSha256]));
  const chance = chanceAccuracy(train.labels, classes);
  const warnings: string[] = [];
  const timed = { trainImages: 0, trainSeconds: 0, evaluatedImages: 0, evaluationSeconds: 0 };

  const optimizer = TrainingOptimizer.create(model, config);
  let pool: WorkerPool | undefined;
  try {
    let step = 0;
    const last = checkpoints[checkpoints.length - 1];
    if (last) {
      await restoreTraining(model, optimizer, join(runDir, last.name));
      step = last.step;
    }
    if (resume.gap) {
      log(`train: ${resume.gap.name} in ${runDir} is not usable (${resume.gap.problem}); training again from ${last ? last.name : 'the initial weights'} and rewriting the ${plannedSteps.length - checkpoints.length} checkpoint(s) from there`);
    } else if (last) {
      log(`train: resuming ${runDir} from ${last.name} (step ${step} of ${totalSteps})`);
    }

    let replicas: ParallelTrainer | undefined;
    if (workers > 1 && step < totalSteps) {
      pool = await options.executor!.openPool();
      replicas = await ParallelTrainer.create(pool, { ...modelPayload(model), optimizer: config, classes });
      await replicas.setOptimizerState(await optimizer.snapshot());
      log(`train: data-parallel on ${workers} workers (${pool.backend})`);
    }

    const fill = train.normalization.mean.map((m, c) => -m / train.normalization.std[c]);
    const writeCheckpoint = async (at: number, window: Window): Promise<void> => {
      if (replicas) await copyTrainingState(replicas, model, optimizer);
      const name = checkpointName(at);
      const bad = nonFiniteWeight(model);
      if (bad) {
        throw nonFiniteTrainingError({
          what: `the weights hold non-finite values (${bad.count} of ${bad.total}; the first, in '${bad.weight}', is ${bad.value})`,
          when: 'after',
          step: at,
          totalSteps,
          stepsPerEpoch,
          outcome: stoppedOutcome(checkpoints, name),
          config,
        });
      }
      // on the training pool when there is one: the same numbers as in this thread (evaluateModel), in less time
      const evaluation = pool ? { pool } : {};
      const evaluationStart = performance.now();
      const val = options.val ? await evaluateModel(graph, options.val, config.batchSize, evaluation) : null;
      const test = options.test ? await evaluateModel(graph, options.test, config.batchSize, evaluation) : null;
      timed.evaluationSeconds += (performance.now() - evaluationStart) / 1000;
      timed.evaluatedImages += (options.val?.count ?? 0) + (options.test?.count ?? 0);
      const meta = await saveCheckpoint({
        runDir,
        model,
        optimizer,
        meta: {
          name,
          step: at,
          epoch: at / stepsPerEpoch,
          learningRate: at < totalSteps ? learningRateAt(config, at, totalSteps) : null,
          trainLoss: window.count > 0 ? window.lossSum / window.count : null,
          trainAccuracy: window.count > 0 ? window.correct / window.count : null,
          ...evaluationFields(val, test),
          classes,
          fingerprint,
          config: options.resolvedConfig ?? config,
          source: { kind: 'trained' },
        },
      });
      checkpoints.push(meta);
      const pct = (v: number | null) => formatPercent(v, 1, '-');
      log(`train: checkpoint ${meta.name} (epoch ${meta.epoch.toFixed(2)}): train ${pct(meta.trainAccuracy)}, val ${pct(meta.valAccuracy)}, test ${pct(meta.testAccuracy)}`);
      const earlier = previousSha.get(name);
      if (earlier !== undefined && earlier !== meta.weightsSha256) {
        log(`train: WARNING: the rewritten ${name} differs from the one it replaced (weights sha256 ${meta.weightsSha256}, was ${earlier}); outputs computed from the old one are out of date`);
      }
      const warning = divergenceWarning(meta, chance, config);
      if (warning) {
        warnings.push(warning);
        log(`train: ${warning}`);
      }
      await options.onCheckpoint?.(meta);
    };

    if (!last && planned.has(0)) await writeCheckpoint(0, { lossSum: 0, correct: 0, count: 0 });

    let remainingImages = 0;
    for (let s = step; s < totalSteps; s++) remainingImages += Math.min(config.batchSize, train.count - (s % stepsPerEpoch) * config.batchSize);
    const progress = (options.progress ?? ((label, total) => new Progress({ label, total })))('train', remainingImages);
    let window: Window = { lossSum: 0, correct: 0, count: 0 };
    let order: Int32Array = new Int32Array(0);
    let orderEpoch = -1;
    /** step s's batch: a function of (seed, s) only, so making it early changes nothing */
    const batchOf = (s: number) => {
      const epoch = Math.floor(s / stepsPerEpoch);
      if (epoch !== orderEpoch) {
        order = new SeededRandom(derivedSeed(seed, 'epoch-order', epoch)).permutation(train.count);
        orderEpoch = epoch;
      }
      const start = (s - epoch * stepsPerEpoch) * config.batchSize;
      const batch = makeBatch(train, order.subarray(start, Math.min(start + config.batchSize, train.count)));
      return config.augment ? augmentBatch(batch, fill, new SeededRandom(derivedSeed(seed, 'augment', s))) : batch;
    };
    // the first step of a call warms up kernels (and the replicas): left out of the rate
    const firstStep = step;
    let next = step < totalSteps ? batchOf(step) : null;
    while (step < totalSteps) {
      options.signal?.throwIfAborted();
      const stepStart = performance.now();
      const batch = next!;
      const lr = learningRateAt(config, step, totalSteps);
      // The next batch is made before this step is awaited: on workers, while they compute (a step's requests are
      // posted when it is called), so the main thread's batch work is off the step's critical path.
      const pending = replicas ? replicas.step(batch.images, batch.labels, batch.shape, lr) : stepInThisThread(graph, optimizer, batch, classes, lr);
      next = step + 1 < totalSteps ? batchOf(step + 1) : null;
      const { loss, correct } = await pending;
      // the loss is read every step anyway (for the checkpoint's mean), so this check costs nothing
      if (!Number.isFinite(loss)) {
        throw nonFiniteTrainingError({ what: `the loss is ${loss}`, when: 'in', step: step + 1, totalSteps, stepsPerEpoch, outcome: stoppedOutcome(checkpoints), config });
      }
      if (step > firstStep) {
        timed.trainSeconds += (performance.now() - stepStart) / 1000;
        timed.trainImages += batch.labels.length;
      }
      window.lossSum += loss * batch.labels.length;
      window.correct += correct;
      window.count += batch.labels.length;
      step++;
      progress.tick(batch.labels.length);
      if (planned.has(step)) {
        await writeCheckpoint(step, window);
        window = { lossSum: 0, correct: 0, count: 0 };
      }
    }
    progress.done();
    if (replicas) await copyTrainingState(replicas, model, optimizer);
    return { checkpoints, warnings, rates: rates(timed), ...(last ? { resumedFrom: last.name } : {}) };
  } finally {
    optimizer.dispose();
    await pool?.close();
  }
}

function rates(timed: { trainImages: number; trainSeconds: number; evaluatedImages: number; evaluationSeconds: number }): TrainRates {
  return {
    trainImagesPerSecond: timed.trainImages > 0 && timed.trainSeconds > 0 ? timed.trainImages / timed.trainSeconds : null,
    evaluationImagesPerSecond: timed.evaluatedImages > 0 && timed.evaluationSeconds > 0 ? timed.evaluatedImages / timed.evaluationSeconds : null,
  };
}

/** One optimizer step on `batch` in this thread: gradients, update, BatchNorm running averages. */
async function stepInThisThread(graph: ModelGraph, optimizer: TrainingOptimizer, batch: Batch, classes: number, lr: number): Promise<StepResult> {
  const x = tf.tensor4d(batch.images, batch.shape as [number, number, number, number]);
  const labels = tf.tensor1d(batch.labels, 'int32');
  try {
    const result = computeGradients(graph, x, labels, classes);
    try {
      optimizer.step(result.grads, lr);
      updateRunningStats(graph, result.batchStats);
      return { loss: (await result.loss.data())[0], correct: (await result.correct.data())[0] };
    } finally {
      tf.dispose([result.loss, result.correct, ...Object.values(result.grads), ...result.batchStats.flatMap((s) => [s.mean, s.variance])]);
    }
  } finally {
    tf.dispose([x, labels]);
  }
}

/** What a training stopped for non-finite values leaves: `refused` (a checkpoint not written) and the ones kept. */
function stoppedOutcome(kept: CheckpointMeta[], refused?: string): string {
  const notWritten = refused ? ` checkpoint ${refused} is not written;` : '';
  const before = kept.length === 0 ? 'no checkpoint was written before' : `the ${kept.length} checkpoint(s) before (up to ${kept[kept.length - 1].name}) are kept`;
  return `Training stopped;${notWritten} ${before}.`;
}

/** Where training picks up: the planned checkpoints before the first one that is missing or damaged. */
interface ResumePoint {
  /** intact, in step order: training restores the last and writes every planned one after it */
  intact: CheckpointMeta[];
  /** the first unusable checkpoint when intact ones follow it or it is damaged (not just a run cut short) */
  gap?: MissingCheckpoint;
}

function resumePoint(runDir: string, plannedSteps: number[], existing: CheckpointMeta[]): ResumePoint {
  const names = plannedSteps.map(checkpointName);
  const missing = missingCheckpoints(runDir, names);
  const first = missing[0];
  const end = first ? names.indexOf(first.name) : names.length;
  const intact = names.slice(0, end).map((name) => existing.find((m) => m.name === name)!);
  const cutShort = missing.length === names.length - end && missing.every((m) => m.problem === 'absent');
  return { intact, ...(first && !cutShort ? { gap: first } : {}) };
}

/** Makes `model` and `optimizer` hold the replicas' weights and optimizer state (they are bit-identical; replica 0's are read). */
async function copyTrainingState(replicas: ParallelTrainer, model: tf.LayersModel, optimizer: TrainingOptimizer): Promise<void> {
  const weights = await replicas.getWeights();
  const tensors = weights.map((values, i) => tf.tensor(values, model.weights[i].shape as number[]));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
  optimizer.restore(await replicas.getOptimizerState(), 'worker replica 0');
}
