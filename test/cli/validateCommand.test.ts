import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { captureOutput } from '../helpers/captureOutput.js';

process.env.I2X_QUIET = '1';
const SHORTCUT = fileURLToPath(new URL('../../configs/quickstart-shortcut.yaml', import.meta.url));
const QUICKSTART = fileURLToPath(new URL('../../configs/quickstart.yaml', import.meta.url));
const TINY = [
  '--set', 'data.trainSubset.perClass=6', '--set', 'data.testSubset.first=40', '--set', 'train.epochs=2', '--set', 'model.width=0.25', '--set', 'workers=1',
  '--set', 'analysis.prototypes.k=4', '--set', 'analysis.prototypes.pcaComponents=3', '--set', 'analysis.groups.minClusterSize=4', '--set', 'analysis.groups.minSamples=2',
  '--set', 'analysis.saliency.compare.samples=8', '--set', 'quality.metrics=[]', // the quality stage has its own tests
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2x-validate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('i2x validate', () => {
  it('refuses a config without data.plant before anything runs', async () => {
    const io = captureOutput();
    const empty = mkdtempSync(join(tmpdir(), 'i2x-validate-empty-'));
    expect(await main(['validate', QUICKSTART, ...TINY, '--root', empty])).toBe(1);
    expect(io.err()).toMatch(/^i2x validate: \[E_CONFIG\] .*quickstart\.yaml: data\.plant is empty; i2x validate scores a run against planted ground truth/);
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true, force: true });
  });

  it('runs the planted run and its control, stores both arms of the scorecard and prints it', async () => {
    const io = captureOutput();
    expect(await main(['validate', SHORTCUT, ...TINY, '--root', dir])).toBe(0);
    const out = io.out();
    expect(out).toContain("Scorecard of 'quickstart-shortcut' against its plants (control: 'quickstart-shortcut-control'");
    expect(out).toMatch(/shortcut: \d+ planted training samples\n {2}method +AUROC control +AP +P@k\n/);
    // planted 2s against clean 2s, with the control's AUROC on the same samples (the tiny subset holds no flip)
    expect(out).toMatch(/\n {2}within label 2 \(\d+ planted of \d+; a score cannot win by ranking the class\):\n {4}\S+ +\d\.\d{3} +\d\.\d{3} /);
    const store = await I2xStore.create(join(dir, 'artifacts', 'i2x.duckdb'));
    try {
      const arms = await store.query(`SELECT arm, count(*)::INTEGER, min(control_run), max(control_run) FROM detection_scores WHERE run_id = 'quickstart-shortcut' GROUP BY arm ORDER BY arm`);
      expect(arms.rows.map((r) => [r[0], r[2], r[3]])).toEqual([['control', 'quickstart-shortcut-control', 'quickstart-shortcut-control'], ['planted', null, null]]);
      expect(arms.rows[0][1]).toBe(arms.rows[1][1]); // the same rows in both arms
      // the random score depends only on the seed and the sample count: the same in both runs, so its AUROC is too
      const random = await store.query(`SELECT arm, value FROM detection_scores WHERE run_id = 'quickstart-shortcut' AND method = 'random' AND metric = 'auroc' AND kind = 'shortcut' AND within_label IS NULL ORDER BY arm`);
      expect(random.rows.map((r) => r[0])).toEqual(['control', 'planted']);
      expect(random.rows[0][1]).toBe(random.rows[1][1]);
      // and so is it within label 2 (both arms scope the planted run's given labels), both arms storing it
      const randomWithin = await store.query(`SELECT arm, value FROM detection_scores WHERE run_id = 'quickstart-shortcut' AND method = 'random' AND metric = 'auroc' AND kind = 'shortcut' AND within_label = 2 ORDER BY arm`);
      expect(randomWithin.rows.map((r) => r[0])).toEqual(['control', 'planted']);
      expect(randomWithin.rows[0][1]).toBe(randomWithin.rows[1][1]);
      // the control run is analysed as a run of its own, without plants
      expect((await store.query(`SELECT count(*)::INTEGER FROM planted WHERE run_id = 'quickstart-shortcut-control'`)).rows).toEqual([[0]]);
      expect((await store.query(`SELECT count(DISTINCT method)::INTEGER FROM sample_scores WHERE run_id = 'quickstart-shortcut-control'`)).rows).toEqual([[8]]);
    } finally {
      store.close();
    }
    const html = readFileSync(join(dir, 'artifacts', 'quickstart-shortcut', 'report', 'index.html'), 'utf8');
    expect(html).toContain('<section id="scorecard">');
    expect(html).toContain('AUROC in the control');
    // the within-label table too, its random row with the same AUROC in both columns (stored above)
    const within = html.slice(html.indexOf('Within the training samples labelled 2 ('));
    expect(within).toMatch(/^Within the training samples labelled 2 \(\d+ planted of \d+\)/);
    expect(within.slice(0, within.indexOf('</table>'))).toMatch(/<tr><td>random<\/td><td class="num">(\d\.\d{3})<\/td><td class="num">\1<\/td>/);
  });

  it('refuses a --control run that is not the config without its plants, naming the keys that differ', async () => {
    const io = captureOutput();
    expect(await main(['validate', SHORTCUT, ...TINY, '--set', 'seed=5', '--root', dir, '--control', 'quickstart-shortcut-control'])).toBe(1);
    expect(io.err()).toMatch(/--control quickstart-shortcut-control: that run is not .*quickstart-shortcut\.yaml without its plants; it differs in seed/);
  });
});
