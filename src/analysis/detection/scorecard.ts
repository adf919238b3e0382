import type { PlantedSample } from '../../data/plantDataset.js';
import { cellCoverage } from './cellCoverage.js';
import { detectionMetrics, type FoundFractionCurve } from './detectionMetrics.js';
import { relevanceMass } from './relevanceMass.js';
import { resampleCurve } from './resampleCurve.js';

/** Maps of some training samples at one checkpoint by one saliency method, at the map's resolution. */
export interface RelevanceMaps {
  method: string;
  checkpoint: number;
  /** [n] the training samples the rows are */
  samples: Int32Array;
  /** [n, height * width] raw maps */
  maps: Float32Array;
  height: number;
  width: number;
}

export interface ScorecardInput {
  /** the planted training samples (split 'train'), as plantDataset recorded them */
  planted: readonly PlantedSample[];
  /** N, the training samples scored */
  samples: number;
  /**
   * [N] the run's training labels. The planted run's given labels are these with each planted record's
   * `givenLabel` applied (for the planted run itself they are these), so a control arm scopes the same samples.
   */
  labels: Int32Array;
  /** the input images' size, for the masks */
  imageHeight: number;
  imageWidth: number;
  /** [N] per method, higher = more suspect */
  scores: ReadonlyMap<string, Float64Array>;
  /** [N, height, width] the prototype of every feature position */
  prototypes: { assignments: Int32Array; height: number; width: number; count: number };
  /** the prototypes uncertain for the run's pairs */
  uncertain: ReadonlySet<number>;
  relevance: readonly RelevanceMaps[];
}

export interface MethodDetection {
  method: string;
  auroc: number;
  averagePrecision: number;
  precisionAtK: number;
  /** the found-fraction curve at 101 evenly spaced fractions examined */
  curve: FoundFractionCurve;
}

/**
 * Detection within the samples the planted run labels `label`: planted (of the kind) against clean samples of the
 * same given label, so that a score cannot win by ranking a whole class above the others.
 */
export interface LabelDetection {
  label: number;
  /** training samples with this given label */
  samples: number;
  /** of them, planted with this kind */
  planted: number;
  detection: MethodDetection[];
}

export interface KindScorecard {
  /** a plant kind, or 'any' (every planted sample) when the run has several kinds */
  kind: string;
  /** planted training samples of this kind */
  planted: number;
  /** per score method; empty when every sample or none is planted (nothing to separate, as for decoy) */
  detection: MethodDetection[];
  /**
   * per given label of this kind's planted samples (ascending), the detection within that label; a label where
   * every sample or none is planted is left out. Empty for the union 'any'.
   */
  withinLabel: LabelDetection[];
  /** mean relevance mass accuracy over the planted samples with a mask, per saliency method and checkpoint */
  relevanceMass: { method: string; checkpoint: number; samples: number; withoutMass: number; mean: number }[];
  /**
   * per prototype the share of its positions on planted pixels (`plantedShare`: how much of the prototype is the
   * plant) and the share of the planted pixels' cells it holds (`plantCoverage`: how much of the plant is the
   * prototype); null for a kind without pixels (label-flip)
   */
  prototypes: { prototype: number; positions: number; plantedShare: number; plantCoverage: number; uncertain: boolean }[] | null;
}

/**
 * The scorecard of one run against a known plant (docs/method.md, "Scorecard"): for each planted kind, how
 * well each suspicion score finds the planted samples (AUROC, average precision, precision at k = number
 * planted, the found-fraction curve), how much of each saliency method's positive relevance falls on the
 * planted pixels per checkpoint, and which prototypes sit on planted pixels. Run on the planted run it scores
 * the method; run on the control (the same config without the plants, given the planted run's list) it says
 * what the same samples and pixels score when nothing was planted.
 */
export function scorecard(input: ScorecardInput): KindScorecard[] {
  const kinds = [...new Set(input.planted.map((p) => p.kind))];
  const groups: { kind: string; records: PlantedSample[] }[] = kinds.map((kind) => ({ kind, records: input.planted.filter((p) => p.kind === kind) }));
  if (kinds.length > 1) groups.push({ kind: 'any', records: [...input.planted] });
  const givenLabels = Int32Array.from(input.labels);
  for (const r of [...input.planted].sort((a, b) => a.plant - b.plant)) givenLabels[r.sample] = r.givenLabel;
  return groups.map(({ kind, records }) => ({ ...kindScorecard(input, kind, records), withinLabel: kind === 'any' ? [] : withinLabel(input.scores, givenLabels, records) }));
}

/** detectionMetrics within each given label of `records` (scores and flags restricted to the samples of that label). */
function withinLabel(scores: ScorecardInput['scores'], givenLabels: Int32Array, records: readonly PlantedSample[]): LabelDetection[] {
  const planted = new Set(records.map((r) => r.sample));
  const labels = [...new Set(records.map((r) => givenLabels[r.sample]))].sort((a, b) => a - b);
  const out: LabelDetection[] = [];
  for (const label of labels) {
    const members: number[] = [];
    for (let n = 0; n < givenLabels.length; n++) if (givenLabels[n] === label) members.push(n);
    const isPlanted = Uint8Array.from(members, (n) => (planted.has(n) ? 1 : 0));
    const count = isPlanted.reduce((a, b) => a + b, 0);
    if (count === 0 || count === members.length) continue;
    const scoped = new Map([...scores].map(([method, score]) => [method, Float64Array.from(members, (n) => score[n])]));
    out.push({ label, samples: members.length, planted: count, detection: detectEach(scoped, isPlanted) });
  }
  return out;
}

/** detectionMetrics of every score against the same planted flags, its curve resampled. */
function detectEach(scores: ReadonlyMap<string, ArrayLike<number>>, isPlanted: Uint8Array): MethodDetection[] {
  return [...scores].map(([method, score]) => {
    const m = detectionMetrics(score, isPlanted);
    return { method, auroc: m.auroc, averagePrecision: m.averagePrecision, precisionAtK: m.precisionAtK, curve: resampleCurve(m.curve) };
  });
}

function kindScorecard(input: ScorecardInput, kind: string, records: PlantedSample[]): Omit<KindScorecard, 'withinLabel'> {
  const N = input.samples;
  const isPlanted = new Uint8Array(N);
  for (const r of records) isPlanted[r.sample] = 1;
  let planted = 0;
  for (let n = 0; n < N; n++) planted += isPlanted[n];
  const detection = planted > 0 && planted < N ? detectEach(input.scores, isPlanted) : [];
  const boxes = new Map<number, NonNullable<PlantedSample['mask']>[]>();
  for (const r of records) if (r.mask) boxes.set(r.sample, [...(boxes.get(r.sample) ?? []), r.mask]);
  /**
   * the union of a sample's boxes at a map's resolution (cell-wise max of the coverages), computed once per sample
   * and resolution: every checkpoint's maps and the prototype grid share it
   */
  const coverages = new Map<string, Map<number, Float32Array>>();
  const coverageOf = (sample: number, h: number, w: number): Float32Array => {
    let atResolution = coverages.get(`${h}x${w}`);
    if (!atResolution) coverages.set(`${h}x${w}`, (atResolution = new Map()));
    let out = atResolution.get(sample);
    if (out) return out;
    out = new Float32Array(h * w);
    for (const box of boxes.get(sample) ?? []) {
      const c = cellCoverage(box, input.imageHeight, input.imageWidth, h, w);
      for (let i = 0; i < c.length; i++) if (c[i] > out[i]) out[i] = c[i];
    }
    atResolution.set(sample, out);
    return out;
  };
  const relevance: KindScorecard['relevanceMass'] = [];
  if (boxes.size > 0) {
    for (const entry of input.relevance) {
      const cells = entry.height * entry.width;
      const rows = [...entry.samples.keys()].filter((i) => boxes.has(entry.samples[i]));
      const maps = new Float32Array(rows.length * cells);
      const coverage = new Float32Array(rows.length * cells);
      rows.forEach((row, i) => {
        maps.set(entry.maps.subarray(row * cells, (row + 1) * cells), i * cells);
        coverage.set(coverageOf(entry.samples[row], entry.height, entry.width), i * cells);
      });
      const { mean, withoutMass } = relevanceMass(maps, coverage, rows.length);
      relevance.push({ method: entry.method, checkpoint: entry.checkpoint, samples: rows.length, withoutMass, mean });
    }
  }
  let prototypes: KindScorecard['prototypes'] = null;
  if (boxes.size > 0) {
    const { assignments, height, width, count: K } = input.prototypes;
    const cells = height * width;
    const positions = new Float64Array(K);
    const onPlanted = new Float64Array(K);
    for (let n = 0; n < N; n++) {
      const coverage = boxes.has(n) ? coverageOf(n, height, width) : null;
      for (let c = 0; c < cells; c++) {
        const k = assignments[n * cells + c];
        positions[k]++;
        if (coverage) onPlanted[k] += coverage[c];
      }
    }
    let planted = 0;
    for (let k = 0; k < K; k++) planted += onPlanted[k];
    prototypes = Array.from({ length: K }, (_, k) => ({
      prototype: k,
      positions: positions[k],
      plantedShare: positions[k] > 0 ? onPlanted[k] / positions[k] : 0,
      plantCoverage: planted > 0 ? onPlanted[k] / planted : 0,
      uncertain: input.uncertain.has(k),
    }));
  }
  return { kind, planted, detection, relevanceMass: relevance, prototypes };
}
