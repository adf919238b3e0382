import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writeFinetuneReplicates } from '../../src/store/writers/writeFinetuneReplicates.js';
import { queryPairSeparations } from '../../src/report/queryPairSeparations.js';
import { writeReport } from '../../src/report/writeReport.js';
import { holdStoreOpen } from '../store/holdStoreOpen.js';
import { SYNTHETIC, syntheticRun, type SyntheticRun, readRunStageOutputs } from './syntheticRun.js';

const SECTIONS = ['summary', 'saliency', 'prototypes', 'gallery', 'trajectories', 'uncertain', 'finetune'];

function linkedFiles(html: string): string[] {
  return [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
}

describe('writeReport on a synthetic run without fine-tuning', () => {
  let run: SyntheticRun;
  let result: Awaited<ReturnType<typeof writeReport>>;
  let html: string;
  beforeAll(async () => {
    run = await syntheticRun();
    result = await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs });
    html = readFileSync(result.path, 'utf8');
  });
  afterAll(() => run.remove());

  test('writes index.html with every section, and no legibility section without saliency metrics', () => {
    expect(result.path).toBe(join(run.artifactsRoot, run.runId, 'report', 'index.html'));
    for (const id of SECTIONS) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toContain('id="legibility"');
    expect(html).not.toContain('id="quality"');
    expect(html).toContain('Fine-tuning has not been run yet');
    expect(html).toContain('i2x finetune');
  });

  test('links only files it wrote, and nothing outside the report folder', () => {
    const reportDir = dirname(result.path);
    const files = linkedFiles(html);
    // 4 samples x (image + 3 overlays + prototype map) + colour bar + up to 3 patches for each of 3 prototypes
    const pngs = files.filter((f) => f.endsWith('.png'));
    expect(new Set(pngs).size).toBe(result.images);
    expect(result.images).toBe(4 * (1 + SYNTHETIC.checkpoints + 1) + 1 + 3 * 3);
    expect(files.filter((f) => f.endsWith('.svg')).length).toBe(result.plots);
    for (const file of files) {
      expect(file).not.toMatch(/^(\/|[a-z]+:)|\.\./);
      expect(existsSync(join(reportDir, file))).toBe(true);
    }
    expect(html).not.toMatch(/https?:\/\//);
    for (const svg of readdirSync(join(reportDir, 'plots'))) {
      const text = readFileSync(join(reportDir, 'plots', svg), 'utf8');
      // Only the XML namespace declarations name a URL; nothing is fetched.
      expect(text.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/https?:\/\//);
    }
  });

  test('a second report removes the temp directories a killed one left, and keeps a live process\'s', async () => {
    const runDir = join(run.artifactsRoot, run.runId);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const name of [`.report-${dead}-1700000000000`, `report.old-${dead}-1700000000000`, `.report-${process.pid}-1`]) mkdirSync(join(runDir, name));
    await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs });
    expect(readdirSync(runDir).filter((name) => name.includes('report')).sort()).toEqual([`.report-${process.pid}-1`, 'report']);
    rmSync(join(runDir, `.report-${process.pid}-1`), { recursive: true });
  });

  test('names every class tied as most common, with the share of its samples a prototype is in', () => {
    const cells = [...html.matchAll(/<td class="num">12<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);
    // class_samples [4, 4, 4], [2, 1, 1], [1, 3, 3] of 4 samples per class
    expect(cells).toEqual(['0 = 1 = 2 (100.0% of the samples of each)', '0 (50.0% of its samples)', '1 = 2 (75.0% of the samples of each)']);
    expect(html).toContain('Prototype 0, most common in classes 0 = 1 = 2 (100.0% of the samples of each)</h3>');
    expect(html).toContain('Prototype 1, most common in class 0 (50.0% of its samples)</h3>');
  });

  test('overlays are drawn at 7x the 16 px images and decode as PNG', () => {
    const file = linkedFiles(html).find((f) => f.includes('saliency-'))!;
    const png = PNG.sync.read(readFileSync(join(dirname(result.path), file)));
    expect([png.width, png.height]).toEqual([16 * 7, 16 * 7]);
  });

  test('separation scores agree with what the explanation stage computes', async () => {
    const store = await I2xStore.create(run.storePath);
    try {
      const separations = await queryPairSeparations(store, run.runId, SYNTHETIC.checkpoints - 1, run.config.analysis.explanation.separationFraction);
      expect(separations.length).toBe(run.explanation.pairs.length);
      for (const expected of run.explanation.pairs) {
        const found = separations.find((s) => s.pair[0] === expected.pair[0] && s.pair[1] === expected.pair[1])!;
        expect(found.scores).toEqual(expected.scores);
        expect(found.firstSeparatedTransition).toBe(expected.firstSeparatedTransition);
      }
    } finally {
      store.close();
    }
  });

  test('opens the store read-only: it writes the report while another process holds the store read-only', async () => {
    const holder = await holdStoreOpen(run.storePath, 'READ_ONLY');
    try {
      const again = await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs });
      expect(readFileSync(again.path, 'utf8')).toBe(html);
    } finally {
      await holder.release();
    }
  });

  test('writing again replaces the report and leaves no temp folders', async () => {
    const again = await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs });
    expect(again.path).toBe(result.path);
    expect(readdirSync(join(run.artifactsRoot, run.runId)).filter((name) => name.startsWith('.report') || name.includes('.old-'))).toEqual([]);
  });

  test('an unknown run is refused with a message that says what to do', async () => {
    await expect(writeReport({ runId: 'nope', artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).rejects.toThrow(/no run 'nope'.*i2x run/);
  });
});

describe('writeReport on a synthetic run with fine-tuning results and saliency metrics', () => {
  let run: SyntheticRun;
  let html: string;
  beforeAll(async () => {
    run = await syntheticRun({ finetune: true });
    html = readFileSync((await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).path, 'utf8');
  });
  afterAll(() => run.remove());

  test('shows the saliency quality: a table per stored metric, a row per method, undefined values empty, and both curves', () => {
    expect(html).toContain('<section id="quality">');
    const last = SYNTHETIC.checkpoints - 1;
    expect(html).toContain(`<h3>Deletion AUC</h3>`);
    expect(html).toContain(`<thead><tr><th>method</th><th>checkpoint ${last}</th></tr></thead>`);
    expect(html).toMatch(/<tr><td>gradcam<\/td><td class="num">0\.123<\/td><\/tr>\n<tr><td>random<\/td><td class="num">0\.5<\/td><\/tr>/);
    expect(html).toMatch(/<h3>Parameter randomisation: Spearman<\/h3>[\s\S]*?<tr><td>gradcam<\/td><td class="num"><\/td><\/tr>/);
    expect(html).not.toContain('<h3>Insertion AUC</h3>');
    expect(html).toContain('plots/randomisation.svg');
    expect(html).toContain('plots/removal.svg');
  });

  test("shows the i2x replicate summaries the run is a base of, as stored, this run's base marked, and no other set", async () => {
    const store = await I2xStore.create(run.storePath);
    try {
      const record = (metric: string, meanDiff: number, perBase: [number, string, number][], t: [number, number], boot: [number, number]) => ({
        strategy: 'curated->full', baseline: 'full->full', metric, meanDiff, t: { low: t[0], high: t[1] }, bootstrap: { low: boot[0], high: boot[1] }, signP: 0.5, wilcoxonP: 0.5,
        perBase: perBase.map(([seed, r, d]) => ({ seed, run: r, meanDiff: d })),
      });
      // this run as the base of seed 0 (its own differences, +5 pp and -1), and a base of seed 3 (+3 pp, -2): over the two
      // bases the mean is +4 pp with t interval 4 +- 12.706 * 1 = [-8.706, +16.706] pp, and -1.5 +- 12.706 * 0.5 = [-7.853, +4.853]
      await writeFinetuneReplicates(store, 'synthetic-replicates', [
        record('test_accuracy', 0.04, [[0, run.runId, 0.05], [3, 'synthetic-seed3', 0.03]], [-0.08706, 0.16706], [0.03, 0.05]),
        record('confusions 0<->1', -1.5, [[0, run.runId, -1], [3, 'synthetic-seed3', -2]], [-7.853, 4.853], [-2, -1]),
      ]);
      await writeFinetuneReplicates(store, 'elsewhere-replicates', [record('test_accuracy', 0.5, [[0, 'elsewhere-seed0', 0.5], [1, 'elsewhere-seed1', 0.5]], [0.5, 0.5], [0.5, 0.5])]);
    } finally {
      store.close();
    }
    const replicated = readFileSync((await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).path, 'utf8');
    expect(replicated).toContain('<h3>Over base models (<code>synthetic-replicates</code>)</h3>');
    expect(replicated).toContain(`The same config trained with 2 seeds (<code>${run.runId}</code>, <code>synthetic-seed3</code>)`);
    expect(replicated).toContain(
      '<tr><td>curated-&gt;full</td><td>full-&gt;full</td><td>0 \u2194 1 confusions</td><td class="num">2</td><td class="num">-1.50</td><td class="num">[-7.85, +4.85]</td>' +
        '<td class="num">[-2.00, -1.00]</td><td class="num">0.5</td><td class="num">0.5</td><td>no detectable difference</td>' +
        '<td class="num"><strong>0: -1.00 (this run)</strong>, 3: -2.00</td></tr>',
    );
    expect(replicated).toContain(
      '<tr><td>curated-&gt;full</td><td>full-&gt;full</td><td>test accuracy (pp)</td><td class="num">2</td><td class="num">+4.00</td><td class="num">[-8.71, +16.71]</td>' +
        '<td class="num">[+3.00, +5.00]</td><td class="num">0.5</td><td class="num">0.5</td><td>no detectable difference</td>' +
        '<td class="num"><strong>0: +5.00 (this run)</strong>, 3: +3.00</td></tr>',
    );
    expect(replicated).toContain('(docs/experiments.md, experiment 2, addendum F); the table below has them over base models.');
    expect(replicated).toContain(
      'Over the 2 base models of synthetic-replicates (training seeds 0 and 3), against full-&gt;full, curated-&gt;full: test accuracy shows no detectable difference ' +
        '(mean +4.00 pp, 95% t CI [-8.71, +16.71] pp, includes 0, bootstrap [+3.00, +5.00] pp; sign p 0.5, Wilcoxon p 0.5; 2 base models)',
    );
    expect(replicated).not.toContain('elsewhere');
  });

  test('shows mean +- std per strategy, the pair confusions, and the legibility section', () => {
    expect(html).toContain('<section id="legibility">');
    // curated->full: test accuracies 0.85 and 0.86 -> mean 85.50%, sample std 0.71%
    expect(html).toMatch(/<td>curated-&gt;full<\/td><td class="num">2<\/td><td class="num">85\.50% &plusmn; 0\.71%<\/td>/);
    // paired by seed against full->full (0.80, 0.81): curated->full is 0.05 higher with both seeds, so the interval is [5, 5] pp
    expect(html).toMatch(/<td>full-&gt;full<\/td><td class="num">2<\/td><td class="num">80\.50% &plusmn; 0\.71%<\/td><td class="num">reference<\/td>/);
    // the paired figures and the agreement are the stored finetune_comparisons / finetune_results rows (test/report/syntheticRun.ts)
    expect(html).toMatch(/<td>full-&gt;full<\/td><td class="num">2<\/td><td class="num">[^<]*<\/td><td class="num">reference<\/td><td class="num">reference<\/td>/);
    expect(html).toMatch(/<td>curated-&gt;full<\/td><td class="num">2<\/td><td class="num">[^<]*<\/td><td class="num">\+5\.00 \[\+5\.00, \+5\.00\]<\/td><td class="num">92\.50%<\/td>/);
    expect(html).toContain(
      '<tr><td>curated-&gt;full</td><td>test accuracy (pp)</td><td class="num">2</td><td class="num">+5.00</td><td class="num">[+5.00, +5.00]</td><td class="num">[+5.00, +5.00]</td>' +
        '<td class="num">0.5</td><td class="num">0.5</td><td>every difference equal</td><td class="num">0: 90.00%, 1: 95.00%</td></tr>',
    );
    expect(html).toContain(
      '<tr><td>curated-&gt;full</td><td>0 \u2194 1 confusions</td><td class="num">2</td><td class="num">-1.00</td><td class="num">[-1.00, -1.00]</td><td class="num">[-1.00, -1.00]</td>' +
        '<td class="num">0.5</td><td class="num">0.5</td><td>every difference equal</td><td class="num">0: 90.00%, 1: 95.00%</td></tr>',
    );
    expect(html).toContain(
      // both seeds differ by the same amount: the one-point t interval cannot call it (intervalVerdict), the sign p says 0.5
      'Against full-&gt;full, paired by seed, curated-&gt;full: test accuracy cannot be called higher or lower: the difference is +5.00 pp for every seed, so the t interval has no width ' +
        '(sign p 0.5, Wilcoxon p 0.5; 2 seeds); the 0 vs 1 confusions cannot be called higher or lower: the difference is -1.00 for every seed, so the t interval has no width (sign p 0.5, Wilcoxon p 0.5; 2 seeds); ' +
        'its final test predictions equal full-&gt;full&#39;s on 92.50% of the test images (mean over 2 seeds: 90.00%, 95.00%).',
    );
    // full->full: 0 -> 1 confusions 2 per seed, 1 -> 0 confusions 1 per seed -> 3
    expect(html).toMatch(/<td>full-&gt;full<\/td>.*<td class="num">3<\/td><\/tr>/);
    expect(html).toContain('plots/finetune.svg');
    expect(html).toContain("The intervals are over fine-tuning seeds of this run's one base model");
    expect(html).toContain('<code>i2x replicate &lt;config&gt; --seeds 0,1,2,3</code> trains and fine-tunes one base model per seed');
    expect(html).not.toContain('Over base models');
    expect(html).not.toContain('Fine-tuning has not been run yet');
    // the base row: the last of 3 checkpoints has test 0.2 + 0.3 * 2, val 0.25 + 0.3 * 2, and 3 - 2 confusions 0 -> 1
    expect(html).toMatch(/<td>base \(final checkpoint\)<\/td><td class="num">-<\/td><td class="num">80\.00%<\/td><td class="num">-<\/td><td class="num">-<\/td><td class="num">85\.00%<\/td><td class="num">-<\/td><td class="num">1<\/td><\/tr>/);
  });
});
