import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { I2xError } from '../util/I2xError.js';

/** Shared look of every report plot: system fonts, no external resources. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13, anchor: 'start' },
} as const;

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string in Node (headless Vega view, no canvas, no
 * network: data must be inline `values`).
 */
export async function renderVegaLite(spec: TopLevelSpec, name = 'plot'): Promise<string> {
  const view = new vega.View(vega.parse(compile({ config: CONFIG, background: 'white', ...spec } as TopLevelSpec).spec), {
    renderer: 'none',
  });
  try {
    return await view.toSVG();
  } catch (err) {
    throw new I2xError('E_REPORT', `cannot render the plot '${name}': ${(err as Error).message}`, { cause: err });
  } finally {
    view.finalize();
  }
}
