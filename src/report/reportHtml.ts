import { escapeHtml } from './escapeHtml.js';
import type { ReportAssets, ReportFile } from './ReportAssets.js';
import type { ReportData } from './ReportData.js';
import { finetuneSection } from './sections/finetuneSection.js';
import { gallerySection } from './sections/gallerySection.js';
import { legibilitySection } from './sections/legibilitySection.js';
import { qualitySection } from './sections/qualitySection.js';
import { prototypesSection } from './sections/prototypesSection.js';
import { saliencySection } from './sections/saliencySection.js';
import { scorecardSection } from './sections/scorecardSection.js';
import type { SectionContext } from './sections/SectionContext.js';
import { summarySection } from './sections/summarySection.js';
import { trajectoriesSection } from './sections/trajectoriesSection.js';
import { uncertainSection } from './sections/uncertainSection.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0; background: #fafafa; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; }
h1 { font-size: 22px; margin: 8px 0; }
h2 { font-size: 18px; margin: 0 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
.muted { color: #888; }
section { background: white; border: 1px solid #e4e4e4; border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
nav { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 8px 0; }
nav a { color: #3465a4; text-decoration: none; }
.meta, .note, .dim { color: #666; }
.note { font-size: 12px; }
ul.summary li { margin: 4px 0; }
.scroll { overflow-x: auto; }
table.grid { border-collapse: collapse; }
table.grid th, table.grid td { padding: 3px; vertical-align: top; text-align: center; font-size: 12px; }
table.grid th.rowhead { text-align: left; min-width: 120px; font-weight: normal; }
table.data { border-collapse: collapse; margin: 8px 0; }
table.data th, table.data td { border: 1px solid #ddd; padding: 3px 8px; font-size: 13px; }
table.data th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.series { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.flip { background: #fde2c8; font-weight: bold; }
figure { margin: 0; display: inline-block; text-align: center; }
figure.plot { display: block; margin: 10px 0; }
figcaption { font-size: 11px; color: #444; }
table.grid figcaption { white-space: nowrap; font-size: 10.5px; }
figure.plot figcaption { text-align: left; }
figcaption.wrong { color: #c0392b; font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
.colorbar { display: flex; align-items: stretch; gap: 3px; }
.colorbar .ticks { display: flex; flex-direction: column; justify-content: space-between; font-size: 11px; text-align: left; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; border: 1px solid #0003; }
img { display: block; }
code { background: #f1f1f1; padding: 1px 4px; border-radius: 3px; }
`;

const SECTIONS: readonly { id: string; title: string; render: (ctx: SectionContext) => string }[] = [
  { id: 'summary', title: 'Summary', render: summarySection },
  { id: 'saliency', title: 'Saliency', render: saliencySection },
  { id: 'prototypes', title: 'Prototypes', render: prototypesSection },
  { id: 'gallery', title: 'Gallery', render: gallerySection },
  { id: 'trajectories', title: 'Trajectories', render: trajectoriesSection },
  { id: 'uncertain', title: 'Uncertain prototypes', render: uncertainSection },
  { id: 'scorecard', title: 'Scorecard', render: scorecardSection },
  { id: 'finetune', title: 'Fine-tuning', render: finetuneSection },
  { id: 'legibility', title: 'Legibility', render: legibilitySection },
  { id: 'quality', title: 'Saliency quality', render: qualitySection },
];

/**
 * The report page: plain HTML with inline CSS and relative links to its pictures and plots, nothing fetched
 * from elsewhere, so the folder opens offline. Sections have the ids summary, saliency, prototypes, gallery,
 * trajectories, uncertain, finetune, (when there are saliency metrics) legibility and (when there are quality
 * figures) quality.
 */
export function reportHtml(data: ReportData, assets: ReportAssets): string {
  const ctx: SectionContext = {
    data,
    assets,
    className: (c) => assets.classNames[c] ?? String(c),
    img: (file: ReportFile, alt: string) =>
      `<img src="${escapeHtml(file.file)}" width="${file.width}" height="${file.height}" alt="${escapeHtml(alt)}">`,
  };
  const sections = SECTIONS.map((s) => ({ ...s, html: s.render(ctx) })).filter((s) => s.html !== '');
  const { config } = data;
  const last = data.checkpoints[data.checkpoints.length - 1];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>I2X report: ${escapeHtml(data.runId)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>I2X report: run <code>${escapeHtml(data.runId)}</code></h1>
<p class="meta">${escapeHtml(assets.datasetName)}, ${data.sampleCount} training samples; ${escapeHtml(config.model.arch)} (width ${config.model.width});
${data.checkpoints.length} checkpoints (last: step ${last.step ?? 'n/a'}); ${data.prototypes.length} prototypes; saliency
${escapeHtml(config.analysis.saliency.method)} (normalisation ${escapeHtml(config.analysis.saliency.normalization)}).
${data.createdAt ? `Analysed ${escapeHtml(data.createdAt)}.` : ''}</p>
<p class="note">Every number in the summary, tables and plots was read from the DuckDB store <code>${escapeHtml(assets.storePath)}</code>
(run_id '${escapeHtml(data.runId)}'); the pictures, and the saliency values beside their colour bars, are drawn from the run's stage
outputs (saliency maps, prototype assignments) and its training images. To share the report, send the whole <code>report</code> folder: index.html links its pictures and plots.</p>
<nav>${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('')}</nav>
</header>
<main>
${sections.map((s) => s.html).join('\n')}
</main>
</body>
</html>
`;
}
