import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRecords } from '../../src/report/queryRecords.js';
import { writeReport } from '../../src/report/writeReport.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { syntheticRun, readRunStageOutputs, type SyntheticRun } from './syntheticRun.js';

interface PlantedRow { kind: string; sample: number; original: number; given: number; box: { x: number; y: number; width: number; height: number } | null }

async function plantedRows(run: SyntheticRun): Promise<PlantedRow[]> {
  const store = await I2xStore.create(run.storePath, { readOnly: true });
  try {
    const records = await queryRecords(store, `SELECT kind, sample, original_label, given_label, mask_x, mask_y, mask_width, mask_height FROM planted WHERE run_id = $1 AND split = 'train' ORDER BY sample`, [run.runId]);
    return records.map((r) => ({
      kind: String(r.kind), sample: Number(r.sample), original: Number(r.original_label), given: Number(r.given_label),
      box: r.mask_x === null ? null : { x: Number(r.mask_x), y: Number(r.mask_y), width: Number(r.mask_width), height: Number(r.mask_height) },
    }));
  } finally {
    store.close();
  }
}

/** The <img> tags of the scorecard section: [src, alt]. */
function scorecardImages(html: string): [string, string][] {
  const section = html.match(/<section id="scorecard">[\s\S]*?<\/section>/)?.[0] ?? '';
  return [...section.matchAll(/<img src="([^"]+)"[^>]* alt="([^"]*)">/g)].map((m) => [m[1], m[2].replaceAll('&gt;', '>').replaceAll('&amp;', '&')]);
}

describe('the scorecard section shows planted samples beside clean ones', () => {
  let run: SyntheticRun;
  let html: string;
  let rows: PlantedRow[];
  beforeAll(async () => {
    // 12 samples, labels n % 3: class 0 = {0, 3, 6, 9}, class 1 = {1, 4, 7, 10}, class 2 = {2, 5, 8, 11}
    run = await syntheticRun({
      runId: 'planted',
      plant: [
        { kind: 'shortcut', size: 3, x: 2, y: 3, value: 255, train: { class: 1, fraction: 0.5 } },
        { kind: 'label-flip', from: 0, to: 2, fraction: 0.5 },
      ],
    });
    html = readFileSync((await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).path, 'utf8');
    rows = await plantedRows(run);
  });
  afterAll(() => run.remove());

  test('each planted kind: its planted samples with kind and labels in the alt text, each beside a clean sample of its class', () => {
    const shortcut = rows.filter((r) => r.kind === 'shortcut');
    const flip = rows.filter((r) => r.kind === 'label-flip');
    expect(shortcut.length).toBe(2);
    expect(flip.length).toBe(2);
    const clean = (cls: number, planted: PlantedRow[]) => [0, 1, 2, 3].map((i) => 3 * i + cls).filter((n) => !planted.some((p) => p.sample === n));
    const alts = scorecardImages(html).map(([, alt]) => alt);
    const [c1a, c1b] = clean(1, shortcut);
    const [c0a, c0b] = clean(0, flip);
    // per kind in name order: the planted row, then the clean row beside it
    expect(alts).toEqual([
      `label-flip: planted training sample ${flip[0].sample}, label 0 -> 2`,
      `label-flip: planted training sample ${flip[1].sample}, label 0 -> 2`,
      `label-flip: clean training sample ${c0a}, label 0, beside planted sample ${flip[0].sample}`,
      `label-flip: clean training sample ${c0b}, label 0, beside planted sample ${flip[1].sample}`,
      `shortcut: planted training sample ${shortcut[0].sample}, label 1 -> 1, planted pixels outlined`,
      `shortcut: planted training sample ${shortcut[1].sample}, label 1 -> 1, planted pixels outlined`,
      `shortcut: clean training sample ${c1a}, label 1, beside planted sample ${shortcut[0].sample}`,
      `shortcut: clean training sample ${c1b}, label 1, beside planted sample ${shortcut[1].sample}`,
    ]);
    expect(html).toContain('<h3>shortcut: examples</h3>');
    expect(html).toContain('no scorecard in the store yet');
  });

  test('the shortcut square is outlined at its mask box, drawn at 7 px per image pixel', () => {
    const p = rows.find((r) => r.kind === 'shortcut')!;
    // the configured square: columns 2..4, rows 3..5
    expect(p.box).toEqual({ x: 2, y: 3, width: 3, height: 3 });
    const [file] = scorecardImages(html).find(([, alt]) => alt.startsWith(`shortcut: planted training sample ${p.sample},`))!;
    const png = PNG.sync.read(readFileSync(join(run.artifactsRoot, run.runId, 'report', file)));
    expect([png.width, png.height]).toEqual([112, 112]);
    const at = (x: number, y: number) => [...png.data.subarray((y * 112 + x) * 4, (y * 112 + x) * 4 + 4)];
    const magenta = [255, 0, 200, 255];
    // outline: output columns 14..34, rows 21..41 (box * 7, last pixel (2 + 3) * 7 - 1 = 34, (3 + 3) * 7 - 1 = 41)
    for (const [x, y] of [[14, 21], [34, 21], [14, 41], [34, 41], [24, 21], [24, 41], [14, 30], [34, 30]]) expect(at(x, y)).toEqual(magenta);
    // inside the box, the planted value 255 itself; just outside, not the outline
    for (const [x, y] of [[15, 22], [33, 40], [24, 30]]) expect(at(x, y)).toEqual([255, 255, 255, 255]);
    for (const [x, y] of [[13, 21], [35, 41], [14, 20], [34, 42]]) expect(at(x, y)).not.toEqual(magenta);
  });
});

describe('a decoy run: six planted samples shown, no clean one left; a run without plants: none', () => {
  let run: SyntheticRun;
  let plain: SyntheticRun;
  let html: string;
  let plainHtml: string;
  beforeAll(async () => {
    run = await syntheticRun({ runId: 'decoy', plant: [{ kind: 'decoy' }] });
    html = readFileSync((await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).path, 'utf8');
    plain = await syntheticRun({ runId: 'clean' });
    plainHtml = readFileSync((await writeReport({ runId: plain.runId, artifactsRoot: plain.artifactsRoot, storePath: plain.storePath, readStageOutputs: readRunStageOutputs })).path, 'utf8');
  });
  afterAll(() => {
    run.remove();
    plain.remove();
  });

  test('the first 6 samples by index, each outlined at its swatch, and no clean sample of their class', async () => {
    const rows = await plantedRows(run);
    expect(rows.length).toBe(12); // every image carries a decoy
    const images = scorecardImages(html);
    expect(images.map(([, alt]) => alt)).toEqual([0, 1, 2, 3, 4, 5].map((n) => `decoy: planted training sample ${n}, label ${n % 3} -> ${n % 3}, planted pixels outlined`));
    expect((html.match(/no clean sample of class/g) ?? []).length).toBe(6);
    for (const [file, alt] of images) {
      const sample = Number(alt.match(/sample (\d+)/)![1]);
      const { x, y, width, height } = rows.find((r) => r.sample === sample)!.box!;
      expect([width, height]).toEqual([4, 4]);
      const png = PNG.sync.read(readFileSync(join(dirname(join(run.artifactsRoot, run.runId, 'report', 'index.html')), file)));
      const at = (px: number, py: number) => [...png.data.subarray((py * png.width + px) * 4, (py * png.width + px) * 4 + 4)];
      expect(at(7 * x, 7 * y)).toEqual([255, 0, 200, 255]);
      expect(at(7 * (x + 4) - 1, 7 * (y + 4) - 1)).toEqual([255, 0, 200, 255]);
      // inside: the decoy's grey level 255 - 25 * label
      const level = 255 - 25 * (sample % 3);
      expect(at(7 * x + 10, 7 * y + 10)).toEqual([level, level, level, 255]);
    }
  });

  test('a run without plants has no scorecard section and no planted images', () => {
    expect(plainHtml).not.toContain('id="scorecard"');
    expect(plainHtml).not.toContain('planted training sample');
    expect(plainHtml).not.toMatch(/img\/(planted|clean)-/);
  });
});

describe('a sample changed by two plants', () => {
  test('a shortcut sample a later label-flip relabelled shows the label it was trained with, and the report is written', async () => {
    // class 1 = {1, 4, 7, 10}: every one gets the square, then half of them are labelled 2
    const run = await syntheticRun({
      runId: 'twice',
      plant: [
        { kind: 'shortcut', size: 3, x: 2, y: 3, value: 255, train: { class: 1, fraction: 1 } },
        { kind: 'label-flip', from: 1, to: 2, fraction: 0.5 },
      ],
    });
    try {
      const html = readFileSync((await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).path, 'utf8');
      const flipped = (await plantedRows(run)).filter((r) => r.kind === 'label-flip').map((r) => r.sample);
      expect(flipped).toHaveLength(2);
      const shortcutAlts = scorecardImages(html).map(([, alt]) => alt).filter((alt) => alt.startsWith('shortcut: planted'));
      expect(shortcutAlts).toEqual([1, 4, 7, 10].map((n) => `shortcut: planted training sample ${n}, label 1 -> ${flipped.includes(n) ? 2 : 1}, planted pixels outlined`));
    } finally {
      run.remove();
    }
  });
});
