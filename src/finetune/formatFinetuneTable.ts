import type { PairedDifference } from '../analysis/pairedDifference.js';
import { formatTable } from '../store/formatTable.js';
import type { FinetuneTableRow } from './aggregateResults.js';
import type { FinetuneEvaluation } from './FinetuneRunResult.js';
import type { MeanStd } from '../analysis/meanAndStd.js';
import { formatPairedDifference } from './formatPairedDifference.js';

/**
 * The fine-tuning table as text, like the paper's: one line per strategy with its seeds, test accuracy (%), its
 * paired difference from the reference strategy in percentage points with the 95% interval ('+0.10 [-4.98,
 * +5.18]': no detectable difference while it includes 0), and each pair's confusions as mean ± sample std; a
 * first line for the base model when given; when the runs kept their test predictions, the share of test images
 * each strategy predicts as `reference` does for the same seed (%, mean ± std over seeds). Pairs are named by
 * `classNames` when given (e.g. '2<->7', 'cat<->dog'). Figures are left-aligned so the means line up. A `note`
 * (e.g. the curation's action when it is not the paper's removal) is a last line under the table.
 */
export function formatFinetuneTable(rows: readonly FinetuneTableRow[], options: { reference: string; classNames?: readonly string[]; base?: FinetuneEvaluation; note?: string }): string {
  const name = (c: number) => options.classNames?.[c] ?? String(c);
  const reference = options.reference;
  const pairs = (rows[0]?.pairConfusions ?? options.base?.pairConfusions ?? []).map((p) => p.pair);
  const withAgreement = rows.some((row) => row.agreement !== null);
  const versus = [`vs ${reference} (pp, paired, 95% CI)`, ...(withAgreement ? [`predictions as ${reference} (%)`] : [])];
  const columns = ['strategy', 'seeds', 'test accuracy (%)', ...versus, ...pairs.map(([a, b]) => `${name(a)}<->${name(b)} confusions`)];
  const lines = rows.map((row) => [
    row.strategy,
    String(row.seeds),
    cell(row.testAccuracy, 100),
    differenceCell(row.testVsReference),
    ...(withAgreement ? [row.strategy === reference ? 'reference' : row.agreement === null ? 'n/a' : cell(row.agreement, 100)] : []),
    ...row.pairConfusions.map((p) => cell(p.confusions, 1)),
  ]);
  if (options.base) {
    const base = options.base;
    lines.unshift(['base (final checkpoint)', '-', cell({ mean: base.testAccuracy, std: null }, 100), ...versus.map(() => '-'), ...base.pairConfusions.map((p) => cell({ mean: p.count, std: null }, 1))]);
  }
  const table = formatTable({ columns, types: columns.map((_, c) => (c === 1 ? 'INTEGER' : 'VARCHAR')), rows: lines });
  return options.note === undefined ? table : `${table.replace(/\n$/, '')}\n${options.note}\n`;
}

function cell(value: MeanStd, scale: number): string {
  const mean = (value.mean * scale).toFixed(2);
  return value.std === null ? mean : `${mean} ± ${(value.std * scale).toFixed(2)}`;
}

function differenceCell(difference: PairedDifference | null): string {
  return difference === null ? 'reference' : formatPairedDifference({ n: difference.seeds.length, mean: difference.mean, interval: difference.interval });
}
