import { prototypeColorHex } from '../colormap.js';

/** A Vega-Lite colour scale giving each prototype (field value 'prototype k') its report colour. */
export function prototypeColorScale(prototypes: readonly number[]): { domain: string[]; range: string[] } {
  const sorted = [...new Set(prototypes)].sort((a, b) => a - b);
  return { domain: sorted.map((k) => `prototype ${k}`), range: sorted.map(prototypeColorHex) };
}
