import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/configSchema.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { SALIENCY_METHOD_NAMES } from '../../src/config/saliencyMethodNames.js';
import { I2xError } from '../../src/util/I2xError.js';
import { RESNET_ARCHS } from '../../src/models/resnetSpecs.js';
import { TORCH_RESNET_ARCHS } from '../../src/models/torch/torchResNetSpecs.js';

function problems(input: unknown): string {
  try {
    resolveConfig(input, { label: 'test.yaml' });
  } catch (err) {
    expect(err).toBeInstanceOf(I2xError);
    expect((err as I2xError).code).toBe('E_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('configSchema', () => {
  it('resolves an empty config to the full quick-start defaults', () => {
    const config = resolveConfig({});
    expect(resolveConfig(null)).toEqual(config);
    expect(config).toEqual({
      name: 'quickstart',
      seed: 0,
      backend: 'auto',
      workers: 2,
      data: { dataset: 'mnist', path: null, trainSubset: { perClass: 300 }, testSubset: { first: 2000 }, valFraction: 0.1, plant: [] },
      model: { arch: 'resnet8', width: 1, featureLayer: null },
      train: {
        source: 'train',
        load: { checkpoints: [] },
        epochs: 6,
        batchSize: 64,
        optimizer: 'adam',
        lr: 1e-3,
        momentum: 0.9,
        weightDecay: 0,
        schedule: 'cosine',
        augment: false,
        checkpoints: { everySteps: null, everyEpochs: 1, first: true, last: true },
      },
      analysis: {
        prototypes: { k: 8, pcaComponents: 16, pcaExplainedVariance: null, sampleSize: 100_000, maxIter: 100, nInit: 4 },
        saliency: { method: 'gradcam', target: 'label', normalization: 'none', compare: { methods: ['lrp-epsilon-plus-flat'], samples: 256 } },
        groups: { minClusterSize: 20, minSamples: 10, maxExact: 20_000 },
        ridge: { lambda: 1, missing: 'zero' },
        uncertain: { threshold: 0.25, scale: 'per-transition', minSignChanges: 2, pairs: [[2, 7]] },
        explanation: { separationFraction: 0.5 },
      },
      finetune: {
        strategies: ['full->full', 'curated->full', 'full', 'curated', 'curated->curated', 'random->full'],
        epochs: { first: 1, second: 1 },
        seeds: 5,
        lr: 1e-4,
        pairs: [[2, 7]],
        curation: { minArea: 2, intensityThreshold: 0.2, maxRemovedFraction: 0.2, classes: 'all', method: 'i2x', baselines: [], budget: null, action: 'remove' },
      },
      quality: { sampleSize: 16, steps: 10, metrics: ['mprt', 'random-logit', 'deletion', 'insertion', 'road-morf', 'road-lerf'], checkpoints: 'final' },
      report: { samples: 8, galleryPatches: 8 },
      store: { path: 'artifacts/i2x.duckdb' },
    });
  });

  it('quality: names the key and what is accepted for an unknown metric, a step count of 0, and ROAD with 1 step', () => {
    const message = problems({ quality: { metrics: ['deletion', 'pixel-flipping'], steps: 0 } });
    expect(message).toContain("test.yaml: quality.metrics.1: got \"pixel-flipping\"; expected one of 'mprt' | 'random-logit' | 'deletion' | 'insertion' | 'road-morf' | 'road-lerf'");
    expect(message).toContain('test.yaml: quality.steps: got 0; expected the number of removal steps, an integer in 1..1000 (ROAD needs >= 2)');
    expect(problems({ quality: { metrics: ['road-lerf', 'deletion'], steps: 1 } })).toContain(
      "test.yaml: quality.steps: got 1; expected an integer >= 2 when quality.metrics has 'road-lerf' (ROAD reads the curve at 1/steps .. (steps - 1)/steps)",
    );
    expect(resolveConfig({ quality: { metrics: ['deletion'], steps: 1 } }).quality.steps).toBe(1);
    expect(problems({ quality: { sampleSize: 0, checkpoints: 'some' } })).toMatch(/quality\.sampleSize: got 0; .*quality\.checkpoints: got "some"; expected one of 'final' \| 'all'/s);
  });

  it("finetune.strategies: the one-phase random control 'random' is accepted when named, and not among the defaults", () => {
    expect(resolveConfig({ finetune: { strategies: ['full', 'curated', 'random'] } }).finetune.strategies).toEqual(['full', 'curated', 'random']);
    expect(resolveConfig({}).finetune.strategies).not.toContain('random');
    expect(() => resolveConfig({ finetune: { strategies: ['random->random'] } })).toThrow(/finetune\.strategies.*'random'/s);
  });

  it('fills defaults around the keys that are given', () => {
    const config = resolveConfig({ train: { epochs: 7 }, data: { trainSubset: { first: 50 } } });
    expect(config.train.epochs).toBe(7);
    expect(config.train.batchSize).toBe(64);
    expect(config.data.trainSubset).toEqual({ first: 50 });
    expect(config.data.testSubset).toEqual({ first: 2000 });
  });

  it('names the key, the value and the accepted values for a wrong type or an out-of-range value', () => {
    const message = problems({ workers: 40, backend: 'gpu', train: { epochs: 'many' }, data: { valFraction: 0.9 } });
    expect(message).toContain('4 problems');
    expect(message).toContain('test.yaml: workers: got 40; expected an integer in 1..16');
    expect(message).toContain("test.yaml: backend: got \"gpu\"; expected one of 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu'");
    expect(message).toContain('test.yaml: train.epochs: got "many"; expected an integer in 1..10000');
    expect(message).toContain('test.yaml: data.valFraction: got 0.9; expected a number in [0, 0.5]');
  });

  it('data.plant: fills each kind\'s defaults, and names the key and what is accepted for a bad fraction, value, kind or pair', () => {
    const plant = resolveConfig({ data: { plant: [{ kind: 'decoy' }, { kind: 'shortcut', train: { class: 2, fraction: 0.5 } }, { kind: 'label-flip', from: 2, to: 7, fraction: 0.05 }] } }).data.plant;
    expect(plant).toEqual([
      { kind: 'decoy', swatchSize: 4 },
      { kind: 'shortcut', size: 3, x: 0, y: 0, value: 255, train: { class: 2, fraction: 0.5 }, secondTrain: null, test: null },
      { kind: 'label-flip', from: 2, to: 7, fraction: 0.05, both: false },
    ]);
    expect(problems({ data: { plant: [{ kind: 'label-flip', from: 2, to: 7, fraction: 1.5 }] } })).toContain(
      "test.yaml: data.plant.0.fraction: got 1.5; expected the fraction of the class's training samples relabelled, a number in [0, 1]",
    );
    const shortcut = problems({ data: { plant: [{ kind: 'shortcut', value: 300, train: { class: 2, fraction: -0.1 } }] } });
    expect(shortcut).toContain('test.yaml: data.plant.0.value: got 300; expected a grey level, an integer in 0..255 (0 black, 255 white)');
    expect(shortcut).toContain("test.yaml: data.plant.0.train.fraction: got -0.1; expected the fraction of the class's training samples marked, a number in [0, 1]");
    expect(problems({ data: { plant: [{ kind: 'noise' }] } })).toContain(
      "test.yaml: data.plant.0.kind: got \"noise\"; expected one of 'decoy' | 'shortcut' | 'label-flip'",
    );
    expect(problems({ data: { plant: [{ kind: 'label-flip', from: 2, to: 2, fraction: 0.1 }] } })).toContain(
      'test.yaml: data.plant.0.to: got 2; expected two different classes in from and to, e.g. from: 2, to: 7',
    );
    expect(problems({ data: { plant: [{ kind: 'shortcut', train: { class: 2, fraction: 0.5 }, secondTrain: { class: 2, fraction: 0.1 } }] } })).toContain(
      'test.yaml: data.plant.0.secondTrain.class: got 2; expected a class other than train.class (or null), e.g. train: { class: 2, ... }, secondTrain: { class: 7, ... }',
    );
  });

  it('rejects an unknown saliency method, naming every registered one (method and compare.methods)', () => {
    const accepted = SALIENCY_METHOD_NAMES.map((name) => `'${name}'`).join(' | ');
    expect(accepted).toBe("'gradcam' | 'lrp-epsilon-plus-flat' | 'lrp-epsilon-gamma-box' | 'lrp-epsilon-alpha2-beta1-flat' | 'lrp-epsilon'");
    expect(problems({ analysis: { saliency: { method: 'gradcam++' } } })).toContain(`test.yaml: analysis.saliency.method: got "gradcam++"; expected one of ${accepted}`);
    expect(problems({ analysis: { saliency: { compare: { methods: ['gradcam', 'lrp-zplus'] } } } })).toContain(
      `test.yaml: analysis.saliency.compare.methods.1: got "lrp-zplus"; expected one of ${accepted}`,
    );
    expect(resolveConfig({ analysis: { saliency: { method: 'lrp-epsilon', compare: { methods: [...SALIENCY_METHOD_NAMES] } } } }).analysis.saliency.method).toBe('lrp-epsilon');
  });

  it('lists the allowed keys for an unknown key', () => {
    const message = problems({ train: { epoch: 3 }, colour: 'red' });
    expect(message).toContain("train.epoch: got unknown key 'epoch'; expected one of the keys of train: source, load, epochs,");
    expect(message).toContain("colour: got unknown key 'colour'; expected one of the keys of the top level: name, seed, backend,");
  });

  it('describes unions, lists and nullable values', () => {
    const message = problems({
      analysis: { saliency: { target: 'best' }, uncertain: { pairs: [[2, 'x']] } },
      data: { trainSubset: 'all' },
      train: { checkpoints: { everySteps: 0 } },
    });
    expect(message).toContain(
      "analysis.saliency.target: got \"best\"; expected one of 'label' | 'predicted' or a class index (an integer >= 0)",
    );
    expect(message).toContain('analysis.uncertain.pairs.0.1: got "x"; expected an integer >= 0');
    expect(message).toContain(
      'data.trainSubset: got "all"; expected { perClass: samples per class, an integer >= 1 } or { first: number of samples from the start, an integer >= 1 }, or null',
    );
    expect(message).toContain('train.checkpoints.everySteps: got 0; expected an integer >= 1, or null');
  });

  it('checks keys that depend on each other', () => {
    expect(problems({ data: { dataset: 'cifar10' } })).toMatch(
      /data\.path: got null \(the default\); expected the path of the cifar-10-batches-bin directory \(required when data.dataset is 'cifar10'\); set it .* --set data.path=/,
    );
    expect(problems({ train: { source: 'load' } })).toContain(
      "train.load.checkpoints: got [] (the default); expected a non-empty list of checkpoint paths (required when train.source is 'load')",
    );
    expect(problems({ analysis: { prototypes: { pcaExplainedVariance: 0.95 } } })).toContain(
      'analysis.prototypes.pcaExplainedVariance: got 0.95; expected exactly one of',
    );
    expect(problems({ analysis: { uncertain: { pairs: [[3, 3]] } } })).toContain('a pair of two different class indices');
    const config = resolveConfig({ analysis: { prototypes: { pcaComponents: null, pcaExplainedVariance: 0.95 } } });
    expect(config.analysis.prototypes.pcaExplainedVariance).toBe(0.95);
  });

  it('takes finetune.curation.method, baselines and budget, refusing the random control and repeated scores as baselines', () => {
    const curation = (c: Record<string, unknown>) => ({ finetune: { curation: c } });
    expect(resolveConfig(curation({ method: 'aum', baselines: ['self-confidence', 'tracin'], budget: { fraction: 0.1 } })).finetune.curation).toMatchObject({ method: 'aum', baselines: ['self-confidence', 'tracin'], budget: { fraction: 0.1 } });
    expect(resolveConfig(curation({ budget: { count: 3 } })).finetune.curation.budget).toEqual({ count: 3 });
    expect(problems(curation({ method: 'margin' }))).toMatch(/finetune\.curation\.method.*one of 'i2x', 'cartography-hard'.*'random'/);
    expect(problems(curation({ baselines: ['random'] }))).toMatch(/finetune\.curation\.baselines.*'self-confidence'/);
    expect(problems(curation({ baselines: ['aum', 'aum'] }))).toMatch(/finetune\.curation\.baselines.*each score at most once/);
    expect(problems(curation({ budget: { fraction: 1 } }))).toMatch(/finetune\.curation\.budget/);
    expect(problems(curation({ budget: { count: 0 } }))).toMatch(/finetune\.curation\.budget/);
  });

  it('is a strict schema at every level', () => {
    expect(configSchema.safeParse({ store: { path: 'x', extra: 1 } }).success).toBe(false);
    expect(configSchema.safeParse({ finetune: { curation: { minArea: 2, typo: 1 } } }).success).toBe(false);
  });

  it('takes the PyTorch layouts as model.arch for loading only, and lists exactly the archs the builders know', () => {
    const load = { source: 'load', load: { checkpoints: ['epoch-1.pt'] } };
    for (const arch of TORCH_RESNET_ARCHS) expect(resolveConfig({ model: { arch }, train: load }).model.arch).toBe(arch);
    expect(problems({ model: { arch: 'torchvision-resnet50' } })).toMatch(/model\.arch.*'torchvision-resnet50' is a PyTorch layout, which i2x loads \(train\.source: load\) but does not train/);
    const listed = (configSchema.shape.model.unwrap().shape.arch.unwrap() as unknown as { options: string[] }).options;
    expect(listed).toEqual([...RESNET_ARCHS, ...TORCH_RESNET_ARCHS]);
  });
});
