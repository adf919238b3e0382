import { z } from 'zod';
import { DEFAULT_STORE_PATH } from '../util/defaultStorePath.js';
import { SALIENCY_METHOD_NAMES } from './saliencyMethodNames.js';
import { QUALITY_METRIC_NAMES } from './qualityMetricNames.js';
import { DIRECTORY_NAME_PATTERN } from '../util/directoryNamePattern.js';

/*
 * The whole i2x config: every key, its accepted values and its default, in one place.
 * An empty YAML file is a valid config and gives the quick-start experiment; every other config is a
 * short diff over these defaults. Objects are strict, so a misspelt key is an error, not a silent no-op.
 *
 * Each leaf carries a `.describe()` text saying what it accepts: validation messages quote it
 * ("expected an integer in 1..16"), so keep it in words a user would type into the YAML.
 */

const int = (min: number, max?: number) => {
  const base = z.number().int().min(min);
  return max === undefined
    ? base.describe(`an integer >= ${min}`)
    : base.max(max).describe(`an integer in ${min}..${max}`);
};
const numberIn = (min: number, max: number) => z.number().min(min).max(max).describe(`a number in [${min}, ${max}]`);
const positive = () => z.number().positive().describe('a number > 0');
const nonNegative = () => z.number().min(0).describe('a number >= 0');
const classPair = () =>
  z
    .tuple([int(0), int(0)])
    .refine(([a, b]) => a !== b, 'a pair of two different class indices, e.g. [2, 7]')
    .describe('a pair of class indices, e.g. [2, 7]');
const classPairs = (defaultPairs: [number, number][]) =>
  z.array(classPair()).min(1).describe('a non-empty list of class pairs, e.g. [[2, 7]]').default(defaultPairs);

/** A subset of a split: the first N samples, N per class, or (null) the whole split. */
const subset = (defaultSubset: { perClass: number } | { first: number } | null) =>
  z
    .union([
      z.strictObject({ perClass: int(1).describe('samples per class, an integer >= 1') }),
      z.strictObject({ first: int(1).describe('number of samples from the start, an integer >= 1') }),
    ])
    .nullable()
    .default(defaultSubset);

/** A class and the fraction of its samples a plant marks, e.g. { class: 2, fraction: 0.5 }. */
const plantedClass = (what: string) =>
  z
    .strictObject({
      class: int(0).describe('a class index (an integer >= 0)'),
      fraction: numberIn(0, 1).describe(`the fraction of the class's ${what} samples marked, a number in [0, 1]`),
    })
    .describe(`a class and a fraction of its ${what} samples, e.g. { class: 2, fraction: 0.5 }`);
const greyLevel = () => int(0, 255).describe('a grey level, an integer in 0..255 (0 black, 255 white)');

/**
 * Planted ground truth (docs/method.md, "Planted ground truth"): seeded changes to the data whose samples are
 * known, so a run can be scored on finding them. Applied in list order, each to the data the previous left.
 */
const plantSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('decoy'),
      swatchSize: int(1, 64).describe('the side of the square swatch in pixels, an integer in 1..64').default(4),
    })
    .describe('decoy (Ross et al. 2017): a swatch in a random corner of every image, grey level 255 - 25 * label in training, 255 - 25 * a random digit in test'),
  z
    .strictObject({
      kind: z.literal('shortcut'),
      size: int(1, 64).describe('the side of the square in pixels, an integer in 1..64').default(3),
      x: int(0).describe('the column of the square\'s top-left pixel, an integer >= 0').default(0),
      y: int(0).describe('the row of the square\'s top-left pixel, an integer >= 0').default(0),
      value: greyLevel().default(255),
      train: plantedClass('training'),
      secondTrain: plantedClass('training').nullable().default(null),
      test: plantedClass('test').nullable().default(null),
    })
    .refine((p) => p.secondTrain === null || p.secondTrain.class !== p.train.class, {
      message: 'a class other than train.class (or null), e.g. train: { class: 2, ... }, secondTrain: { class: 7, ... }',
      path: ['secondTrain', 'class'],
    })
    .describe('shortcut: a square on a fraction of one class\'s training images (optionally of a second class\'s) and of a chosen class\'s test images'),
  z
    .strictObject({
      kind: z.literal('label-flip'),
      from: int(0).describe('the class whose samples are relabelled, an integer >= 0'),
      to: int(0).describe('the label they are given, an integer >= 0'),
      fraction: numberIn(0, 1).describe('the fraction of the class\'s training samples relabelled, a number in [0, 1]'),
      both: z.boolean().describe('also relabel the same fraction of class `to` as `from`').default(false),
    })
    .refine((p) => p.from !== p.to, { message: 'two different classes in from and to, e.g. from: 2, to: 7', path: ['to'] })
    .describe('label-flip: a fraction of class `from`\'s training samples labelled `to` (with both: true, also to -> from)'),
]);

const dataSchema = z
  .strictObject({
    dataset: z.enum(['mnist', 'fashion-mnist', 'cifar10', 'idx']).default('mnist'),
    path: z.string().min(1).describe('a file or directory path').nullable().default(null),
    trainSubset: subset({ perClass: 300 }),
    testSubset: subset({ first: 2000 }),
    valFraction: numberIn(0, 0.5).default(0.1),
    plant: z.array(plantSchema).describe("a list of plants, each with kind 'decoy', 'shortcut' or 'label-flip'").default([]),
  })
  .superRefine((data, ctx) => {
    if ((data.dataset === 'cifar10' || data.dataset === 'idx') && data.path === null) {
      const what = data.dataset === 'cifar10' ? 'the cifar-10-batches-bin directory' : 'the IDX files';
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: `the path of ${what} (required when data.dataset is '${data.dataset}'); set it in the YAML or with --set data.path=/path/to/data`,
      });
    }
  });

const modelSchema = z.strictObject({
  // resnet8 ... resnet50 are i2x's own; the torchvision-* and cifar-* names are PyTorch layouts that
  // train.source: load reads from .pt / .safetensors files (src/models/torch/torchResNetSpecs.ts)
  arch: z
    .enum([
      'resnet8', 'resnet20', 'resnet18', 'resnet50',
      'torchvision-resnet18', 'torchvision-resnet34', 'torchvision-resnet50',
      'cifar-resnet18', 'cifar-resnet20', 'cifar-resnet34', 'cifar-resnet50',
    ])
    .default('resnet8'),
  width: z.number().positive().max(16).describe('a width multiplier in (0, 16]').default(1),
  /** null = the output of the last residual stage */
  featureLayer: z.string().min(1).describe('a layer name').nullable().default(null),
});

const trainSchema = z
  .strictObject({
    source: z.enum(['train', 'load']).default('train'),
    load: z
      .strictObject({
        checkpoints: z.array(z.string().min(1).describe('a checkpoint path')).default([]),
      })
      .prefault({}),
    // The quick start's defaults (6 epochs, cosine to 0, a checkpoint per epoch) end at the best checkpoint or
    // within 1 pp of it (val accuracy, seeds 0-2; README): the analysis explains the final model, so it must be good.
    epochs: int(1, 10_000).default(6),
    batchSize: int(1, 65_536).default(64),
    optimizer: z.enum(['adam', 'sgd']).default('adam'),
    lr: z.number().positive().max(10).describe('a learning rate in (0, 10]').default(1e-3),
    momentum: z.number().min(0).lt(1).describe('a number in [0, 1)').default(0.9),
    weightDecay: nonNegative().default(0),
    schedule: z.enum(['constant', 'cosine', 'step']).default('cosine'),
    augment: z.boolean().default(false),
    checkpoints: z
      .strictObject({
        everySteps: int(1).nullable().default(null),
        everyEpochs: positive().nullable().default(1),
        // optional, not defaulted: a config without it keeps the training key it had before the option existed;
        // null (to take it out of a config that `extends` one with it) means none, as absent does
        geometric: z
          .strictObject({
            first: int(1).describe('the first geometric checkpoint step, an integer >= 1'),
            factor: z.number().gt(1).describe('the ratio between consecutive geometric checkpoint steps, a number > 1'),
            nearLast: z
              .enum(['replace', 'keep'])
              .describe("what becomes of the largest geometric step when the last step lies within sqrt(factor) of it: 'replace' (it is dropped) or 'keep'")
              .default('replace'),
          })
          .nullable()
          .optional()
          .describe('checkpoints at steps first, first * factor, first * factor^2, ... (rounded), e.g. { first: 8, factor: 2 }, or null for none'),
        first: z.boolean().default(true),
        last: z.boolean().default(true),
      })
      .prefault({}),
  })
  .superRefine((train, ctx) => {
    if (train.source === 'load' && train.load.checkpoints.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['load', 'checkpoints'],
        message: "a non-empty list of checkpoint paths (required when train.source is 'load')",
      });
    }
  });

const prototypesSchema = z
  .strictObject({
    /** the paper uses 32 for MNIST and 128 for CIFAR-10; 8 keeps the quick start quick */
    k: int(1, 4096).default(8),
    pcaComponents: int(1).nullable().default(16),
    pcaExplainedVariance: z.number().gt(0).max(1).describe('a fraction in (0, 1]').nullable().default(null),
    sampleSize: int(1).default(100_000),
    maxIter: int(1).default(100),
    /** k-means++ starts; the lowest inertia wins (scikit-learn's n_init) */
    nInit: int(1, 100).default(4),
  })
  .superRefine((p, ctx) => {
    if ((p.pcaComponents === null) === (p.pcaExplainedVariance === null)) {
      ctx.addIssue({
        code: 'custom',
        path: [p.pcaComponents === null ? 'pcaComponents' : 'pcaExplainedVariance'],
        message:
          'exactly one of analysis.prototypes.pcaComponents and analysis.prototypes.pcaExplainedVariance; ' +
          'set the other one to null',
      });
    }
  });

const analysisSchema = z.strictObject({
  prototypes: prototypesSchema.prefault({}),
  saliency: z
    .strictObject({
      method: z.enum(SALIENCY_METHOD_NAMES).default('gradcam'),
      target: z
        .union([z.enum(['label', 'predicted']), int(0).describe('a class index (an integer >= 0)')])
        .default('label'),
      normalization: z.enum(['none', 'global-max', 'per-image-max']).default('none'),
      /** other saliency methods scored at the final checkpoint on the first `samples` training samples, to compare legibility (and LRP conservation) with `method` */
      compare: z
        .strictObject({
          methods: z.array(z.enum(SALIENCY_METHOD_NAMES)).default(['lrp-epsilon-plus-flat']),
          samples: int(1, 1_000_000).default(256),
        })
        .prefault({}),
    })
    .prefault({}),
  groups: z
    .strictObject({
      minClusterSize: int(2).default(20),
      minSamples: int(1).default(10),
      maxExact: int(1).default(20_000),
    })
    .prefault({}),
  ridge: z
    .strictObject({
      lambda: nonNegative().default(1.0),
      missing: z.enum(['zero', 'drop-rows']).default('zero'),
    })
    .prefault({}),
  uncertain: z
    .strictObject({
      /** with scale 'per-transition': a fraction of the transition's strongest preference for the pair */
      threshold: nonNegative().default(0.25),
      scale: z.enum(['per-transition', 'absolute']).default('per-transition'),
      minSignChanges: int(1).default(2),
      pairs: classPairs([[2, 7]]),
    })
    .prefault({}),
  explanation: z
    .strictObject({
      separationFraction: z.number().gt(0).max(1).describe('a fraction in (0, 1]').default(0.5),
    })
    .prefault({}),
});

/**
 * Saliency quality (issue 16): sanity checks and faithfulness by removal for `analysis.saliency.method` and every
 * `analysis.saliency.compare.methods` entry, on a seeded sample of training images. An empty `metrics` skips it.
 */
const qualitySchema = z
  .strictObject({
    sampleSize: int(1, 100_000).describe('the number of training images scored, an integer in 1..100000 (at most the training set)').default(16),
    steps: int(1, 1000).describe('the number of removal steps, an integer in 1..1000 (ROAD needs >= 2)').default(10),
    metrics: z
      .array(z.enum(QUALITY_METRIC_NAMES))
      .describe(`a list of metrics from ${QUALITY_METRIC_NAMES.map((m) => `'${m}'`).join(', ')} (empty: none)`)
      .default([...QUALITY_METRIC_NAMES]),
    checkpoints: z.enum(['final', 'all']).default('final'),
  })
  .superRefine((quality, ctx) => {
    const road = quality.metrics.filter((m) => m === 'road-morf' || m === 'road-lerf');
    if (road.length && quality.steps < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: `an integer >= 2 when quality.metrics has ${road.map((m) => `'${m}'`).join(' and ')} (ROAD reads the curve at 1/steps .. (steps - 1)/steps)`,
      });
    }
  });

export const FINETUNE_STRATEGIES = [
  'full->full',
  'curated->full',
  'full',
  'curated',
  'curated->curated',
  'random->full',
  'random',
] as const;

/**
 * What `finetune.strategies` defaults to: every strategy but the one-phase random control `random`, which came later
 * and is asked for by name (so a config without the key kept its strategies, and its finetune key, when it arrived).
 */
export const DEFAULT_FINETUNE_STRATEGIES = FINETUNE_STRATEGIES.filter((s) => s !== 'random');

/**
 * The rankings a curation can remove by (`finetune.curation.method`): `i2x`, the paper's rule, or a per-sample
 * score of the scores stage (the names of src/analysis/sampleScores/sampleScores.ts's SCORE_METHODS, which a
 * test keeps equal to this list; config sits below analysis, so it cannot import them).
 */
export const CURATION_METHODS = ['i2x', 'cartography-hard', 'cartography-ambiguous', 'forgetting', 'aum', 'tracin', 'self-confidence', 'random'] as const;

/**
 * The scores `finetune.curation.baselines` accepts, each adding the strategy `<method>->full`: every curation
 * method but `i2x` (the curated set) and `random` (the strategy `random->full` is already the random control).
 */
export const CURATION_BASELINES = ['cartography-hard', 'cartography-ambiguous', 'forgetting', 'aum', 'tracin', 'self-confidence'] as const;

/** What `finetune.curation.action` does to a selected sample: drop it, or mask its uncertain prototypes' cells. */
export const CURATION_ACTIONS = ['remove', 'mask'] as const;

const finetuneSchema = z.strictObject({
  strategies: z
    .array(z.enum(FINETUNE_STRATEGIES))
    .min(1)
    .describe(`a non-empty list of strategies from ${FINETUNE_STRATEGIES.map((s) => `'${s}'`).join(', ')}`)
    .default([...DEFAULT_FINETUNE_STRATEGIES]),
  epochs: z
    .strictObject({
      first: int(0, 10_000).default(1),
      second: int(0, 10_000).default(1),
    })
    .prefault({}),
  seeds: int(1, 1000).default(5),
  lr: z.number().positive().max(10).describe('a learning rate in (0, 10]').default(1e-4),
  pairs: classPairs([[2, 7]]),
  curation: z
    .strictObject({
      minArea: int(1).default(2),
      intensityThreshold: nonNegative().nullable().default(0.2),
      maxRemovedFraction: z.number().min(0).lt(1).describe('a fraction in [0, 1)').default(0.2),
      classes: z
        .enum(['all', 'pair'])
        .describe("'all' (any sample may be removed, the paper's reading) or 'pair' (only samples labelled with a class of finetune.pairs)")
        .default('all'),
      method: z
        .enum(CURATION_METHODS)
        .describe(`one of ${CURATION_METHODS.map((m) => `'${m}'`).join(', ')} (which ranking the curated set removes by)`)
        .default('i2x'),
      baselines: z
        .array(z.enum(CURATION_BASELINES))
        .describe(`a list of scores from ${CURATION_BASELINES.map((m) => `'${m}'`).join(', ')}, each adding the strategy '<score>->full'`)
        .refine((list) => new Set(list).size === list.length, { message: 'each score at most once' })
        .default([]),
      /**
       * how many samples of each class every method removes: null = as many as the i2x rule removes in that class;
       * { count } samples of each candidate class; { fraction } of each candidate class's samples (rounded)
       */
      budget: z
        .union([z.strictObject({ count: int(1) }), z.strictObject({ fraction: z.number().gt(0).lt(1).describe('a fraction in (0, 1)') })])
        .describe('null, { count: <integer >= 1> } or { fraction: <number in (0, 1)> }')
        .nullable()
        .default(null),
      /**
       * what happens to a sample the curation selects: 'remove' (the paper's) drops it from the first phase;
       * 'mask' keeps it with the input pixels of its uncertain prototypes' feature-map cells set to the training
       * split's background value (docs/method.md, section 9). Only the i2x rule says which cells, so 'mask' takes
       * method 'i2x', no budget and no baselines.
       */
      action: z
        .enum(CURATION_ACTIONS)
        .describe(`one of ${CURATION_ACTIONS.map((a) => `'${a}'`).join(', ')} (what happens to a sample the curation selects)`)
        .default('remove'),
    })
    .superRefine((curation, ctx) => {
      if (curation.action !== 'mask') return;
      const conflicts = [
        ...(curation.method === 'i2x' ? [] : [`method '${curation.method}'`]),
        ...(curation.budget === null ? [] : ['a budget']),
        ...(curation.baselines.length === 0 ? [] : [`baselines [${curation.baselines.join(', ')}]`]),
      ];
      if (conflicts.length === 0) return;
      ctx.addIssue({
        code: 'custom',
        path: ['action'],
        message:
          `'remove' when finetune.curation has ${conflicts.join(', ')}: 'mask' masks the cells of the uncertain prototypes the i2x rule found in each sample, and a score-chosen sample has no such cells; ` +
          "use action 'remove' with finetune.curation.method / budget / baselines, or action 'mask' with method 'i2x', budget null and baselines []",
      });
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  /** also the default run id, so it names the artifacts directory */
  name: z
    .string()
    .regex(DIRECTORY_NAME_PATTERN)
    .describe("a name of letters, digits, '.', '_' and '-' (it names the artifacts directory)")
    .default('quickstart'),
  seed: int(0).default(0),
  backend: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'),
  workers: int(1, 16).default(2),
  data: dataSchema.prefault({}),
  model: modelSchema.prefault({}),
  train: trainSchema.prefault({}),
  analysis: analysisSchema.prefault({}),
  finetune: finetuneSchema.prefault({}),
  quality: qualitySchema.prefault({}),
  report: z
    .strictObject({
      samples: int(0).default(8),
      galleryPatches: int(0).default(8),
    })
    .prefault({}),
  store: z
    .strictObject({
      path: z.string().min(1).describe('a file path').default(DEFAULT_STORE_PATH),
    })
    .prefault({}),
}).superRefine((config, ctx) => {
  if (config.train.source === 'train' && /^(torchvision|cifar)-/.test(config.model.arch)) {
    ctx.addIssue({
      code: 'custom',
      path: ['model', 'arch'],
      message: `one of resnet8, resnet20, resnet18, resnet50 when train.source is 'train': '${config.model.arch}' is a PyTorch layout, which i2x loads (train.source: load) but does not train`,
    });
  }
});

/** One entry of `data.plant`. */
export type PlantConfig = z.infer<typeof plantSchema>;

/** The resolved config: every key present, every default filled in. */
export type I2xConfig = z.infer<typeof configSchema>;
