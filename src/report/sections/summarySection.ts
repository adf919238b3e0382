import { escapeHtml } from '../escapeHtml.js';
import type { SectionContext } from './SectionContext.js';

export function summarySection({ assets }: SectionContext): string {
  return `<section id="summary">
<h2>Summary</h2>
<ul class="summary">${assets.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}</ul>
<p class="note">Generated from the numbers below by fixed rules (no language model).</p>
</section>`;
}
