import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/util/canonicalJson.js';
import { fingerprint, type FingerprintParts } from '../../src/stages/fingerprint.js';

const base: FingerprintParts = {
  stage: 'prototypes',
  version: 1,
  configSlice: { 'analysis.prototypes': { k: 8, pcaComponents: 16 }, 'data.dataset': 'mnist' },
  backend: 'wasm',
  datasets: 'd'.repeat(64),
  inputs: [{ stage: 'features', fingerprint: 'f'.repeat(64) }],
};

describe('fingerprint', () => {
  it('is a sha256 hex digest that does not depend on key order', () => {
    const reordered: FingerprintParts = {
      inputs: base.inputs,
      datasets: base.datasets,
      backend: base.backend,
      configSlice: { 'data.dataset': 'mnist', 'analysis.prototypes': { pcaComponents: 16, k: 8 } },
      version: 1,
      stage: 'prototypes',
    };
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(reordered)).toBe(fingerprint(base));
  });

  it('changes with each part', () => {
    const variants: FingerprintParts[] = [
      { ...base, stage: 'other' },
      { ...base, version: 2 },
      { ...base, configSlice: { ...base.configSlice, 'data.dataset': 'cifar10' } },
      { ...base, backend: 'cpu' },
      { ...base, backend: null },
      { ...base, datasets: 'e'.repeat(64) },
      { ...base, datasets: null },
      { ...base, inputs: [{ stage: 'features', fingerprint: 'e'.repeat(64) }] },
      { ...base, inputs: [] },
    ];
    const all = new Set([fingerprint(base), ...variants.map(fingerprint)]);
    expect(all.size).toBe(variants.length + 1);
  });

  it('canonical JSON sorts keys at every depth and refuses values JSON cannot hold', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/\$\.x is NaN/);
    expect(() => canonicalJson({ x: undefined })).toThrow(/undefined/);
  });
});
