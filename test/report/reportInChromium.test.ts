import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeReport } from '../../src/report/writeReport.js';
import { syntheticRun, type SyntheticRun, readRunStageOutputs } from './syntheticRun.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join('artifacts', 'report-test', 'synthetic-report.png');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[report test] skipped: ${CHROMIUM} is missing (apt-get install chromium; CI installs it)`);
}

describe.skipIf(!hasChromium)(`the report in headless Chromium (${CHROMIUM})`, () => {
  let run: SyntheticRun;
  let reportPath: string;
  beforeAll(async () => {
    run = await syntheticRun({ finetune: true });
    reportPath = (await writeReport({ runId: run.runId, artifactsRoot: run.artifactsRoot, storePath: run.storePath, readStageOutputs: readRunStageOutputs })).path;
  });
  afterAll(() => run?.remove());

  test('renders every section and picture offline, without console errors, and saves a screenshot', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'i2x-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) problems.push(`not offline: ${request.url()}`);
      });
      await page.goto(pathToFileURL(resolve(reportPath)).href, { waitUntil: 'load' });

      for (const id of ['summary', 'saliency', 'prototypes', 'gallery', 'trajectories', 'uncertain', 'finetune', 'legibility']) {
        expect(await page.locator(`section#${id}`).isVisible(), `section #${id}`).toBe(true);
      }
      const images = await page.$$eval('img', (all) => all.map((img) => ({ src: img.getAttribute('src'), width: img.naturalWidth })));
      expect(images.length).toBeGreaterThan(20);
      expect(images.filter((img) => !(img.width > 0))).toEqual([]);
      expect(images.some((img) => img.src?.endsWith('.svg'))).toBe(true);
      expect(problems).toEqual([]);

      mkdirSync(join('artifacts', 'report-test'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
