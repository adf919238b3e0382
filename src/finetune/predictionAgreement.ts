import type { SeededValue } from '../analysis/pairedDifference.js';
import { formatTable } from '../store/formatTable.js';
import { I2xError } from '../util/I2xError.js';
import type { FinetuneRunResult } from './FinetuneRunResult.js';

/** Per strategy, per seed (ascending) the share of test images its final model predicts as the reference's model of that seed does. */
export type PredictionAgreement = ReadonlyMap<string, readonly SeededValue[]>;

/**
 * How much of a first phase survives the second (issue 15): for each strategy and each seed the reference strategy
 * (full->full) also ran, the fraction of test images whose final predicted class equals the reference's prediction
 * for the same seed; 1 for the reference itself. Runs without test predictions (results before finetune stage 6)
 * are left out, and so is a seed the reference has none for; a strategy left with no seed is absent.
 */
export function predictionAgreement(runs: readonly FinetuneRunResult[], reference: string): PredictionAgreement {
  const referenceBySeed = new Map<number, Int32Array>();
  for (const r of runs) if (r.strategy === reference && r.testPredicted) referenceBySeed.set(r.seed, r.testPredicted);
  const out = new Map<string, SeededValue[]>();
  for (const r of runs) {
    const theirs = referenceBySeed.get(r.seed);
    if (!r.testPredicted || !theirs) continue;
    out.set(r.strategy, [...(out.get(r.strategy) ?? []), { seed: r.seed, value: agreementFraction(r.testPredicted, theirs, `${r.strategy} seed ${r.seed}`) }]);
  }
  for (const values of out.values()) values.sort((a, b) => a.seed - b.seed);
  return out;
}

/** The share of positions where `a` and `b` hold the same class; both [N test], N > 0. */
function agreementFraction(a: Int32Array, b: Int32Array, name: string): number {
  if (a.length !== b.length || a.length === 0) {
    throw new I2xError('E_FINETUNE', `predictionAgreement: ${name} has ${a.length} test predictions and the reference ${b.length}; expected the same nonzero number (one per test image)`);
  }
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * The agreement per seed as a text table (comparisons.txt): one line per strategy but the reference, its seeds'
 * agreement in % ('0: 99.31, 1: 99.50') and their mean; '' when there is nothing to show.
 */
export function formatPredictionAgreement(agreement: PredictionAgreement, reference: string): string {
  const rows = [...agreement].filter(([strategy]) => strategy !== reference);
  if (rows.length === 0) return '';
  const percent = (v: number) => (100 * v).toFixed(2);
  const columns = ['strategy', 'seeds', `test predictions as ${reference}'s of the same seed (%)`, 'mean (%)'];
  const lines = rows.map(([strategy, values]) => [
    strategy,
    String(values.length),
    values.map((a) => `${a.seed}: ${percent(a.value)}`).join(', '),
    percent(values.reduce((sum, a) => sum + a.value, 0) / values.length),
  ]);
  return formatTable({ columns, types: ['VARCHAR', 'INTEGER', 'VARCHAR', 'DOUBLE'], rows: lines });
}
