/**
 * The shape of every table in the i2x store: column name -> DuckDB SQL type, in column order.
 * Writers, staging tables and parameter casts read their types from here; `migrations.ts` holds the
 * frozen DDL that builds this shape, and a test checks that the two agree.
 *
 * Conventions:
 * - Every table starts with `run_id`, so runs can be compared in one query (`WHERE run_id IN (...)`).
 * - Ids are 0-based INTEGERs: `checkpoint` (index into the run's checkpoints), `sample` (the run's id for an
 *   example, unique across splits), `prototype`, `class`, `transition` (t means checkpoint t -> t + 1),
 *   `grp` (HDBSCAN group, -1 for noise).
 * - A value that is not there (an absent prototype's intensity, a NaN metric) is NULL, never NaN.
 * - Per-sample floats are FLOAT (what the tensors hold); summary numbers are DOUBLE; times are UTC TIMESTAMPs.
 * - `predictions.confidence` is the whole softmax vector as FLOAT[] (one row per checkpoint and sample, not
 *   one per class): it loads C times fewer rows and reads as `confidence[label + 1]` (DuckDB lists are 1-based).
 * - `prototype_areas` is sparse: a missing (sample, prototype) row means area 0.
 * - `ridge_fits.ridge_lambda` is the ridge penalty λ (`lambda` is a reserved word in DuckDB's SQL).
 * - `invocation` (`finetune_results`, `curation`) is the fingerprint of the `finetune` stage run that wrote the
 *   row (`artifacts/<run>/finetune/stage.json` has the same one): each such run replaces all of the run's rows of
 *   both tables and its `confusions` rows with source 'finetune', in one transaction, so they always agree.
 * - `prototypes.class_samples[c + 1]` is the number of class-c training samples the prototype is present in
 *   (area > 0); `dominant_classes` lists every class at the maximum of it (ties included), `dominant_class` the
 *   first of them. NULL in rows written before schema version 3.
 * - `planted` lists every change `data.plant` made (docs/method.md, "Planted ground truth"): `sample` is the index in
 *   its `split` ('train' rows are the `samples` ids; 'val' and 'test' index those prepared splits), `plant` the index in
 *   `data.plant`, one row per plant that changed the sample; `mask_*` is the box of pixels set, NULL for a label-flip.
 * - `finetune_comparisons` pairs each fine-tuning strategy with the reference (`baseline`, full->full) seed by seed
 *   (docs/method.md, "Paired statistics"): `metric` is 'test_accuracy' (differences as fractions) or
 *   'confusions a<->b' (counts); `n` shared seeds; the 95% t and percentile-bootstrap intervals of the mean
 *   difference (NULL below 2 seeds) and the exact sign and Wilcoxon p-values (NULL when every difference is 0).
 *   Written with `finetune_results`, in the same transaction and with the same `invocation`.
 * - `agreement` (schema version 8): in `finetune_results` the fraction of test images whose final predicted class equals
 *   the reference strategy's (`finetune_comparisons.baseline`) for the same seed (1 on the reference's own rows; NULL
 *   when the reference did not run that seed); in `finetune_comparisons` its mean over the `n` shared seeds, the same
 *   on every metric row of the strategy. NULL in rows written before version 8.
 * - `finetune_replicates` (schema version 9, `i2x replicate`): under the run id `<name>-replicates`, each strategy
 *   against the reference over `bases` base models (the config trained with different seeds, each fine-tuned alike):
 *   `mean_diff` is the mean over bases of each base's mean difference over its fine-tuning seeds, with the 95% t and
 *   bootstrap intervals and exact sign and Wilcoxon p-values over bases (units as in `finetune_comparisons`);
 *   `finetune_replicate_bases` holds each base's mean difference, its training `seed` and its run (`base_run`).
 * - `sample_scores` holds every per-sample suspicion score of the training set (docs/method.md, "Suspicion scores"):
 *   one row per sample and `method` (i2x, cartography-hard, ..., random); higher = more suspect.
 * - `detection_scores` is the scorecard of a planted run (docs/method.md, "Scorecard"): per planted `kind` and `method`,
 *   `metric` 'auroc', 'average_precision' or 'precision_at_k' with `checkpoint` -1, 'planted' (the count; method 'all'), and
 *   'relevance_mass' per `checkpoint` (method = a saliency method). `arm` 'planted' scores the run itself; 'control' scores
 *   the same samples and masks in `control_run`, the same config without the plants (`i2x validate`).
 *   `within_label` NULL: among all training samples; a label L: planted (of the kind) against clean samples whose given
 *   label is L, so a score cannot win by ranking a whole class (its 'planted' and 'samples' rows, method 'all', count
 *   them; only labels with both planted and clean samples; never for kind 'any'). NULL in rows before schema version 8.
 *   `detection_curves` holds the found-fraction curve of each (arm, kind, within_label, method) by `point`.
 * - `prototype_plant_shares`: per (arm, kind, prototype) the share of the prototype's positions on planted pixels
 *   (`planted_share`), the share of the planted cells it holds (`plant_coverage`), and whether it is uncertain for one
 *   of `finetune.pairs`.
 * - `test_predictions`: per test sample the argmax and softmax of each checkpoint (`source` 'checkpoint', `ref` its index)
 *   and of each fine-tuned model (`source` 'finetune', `ref` strategy/seed).
 * - `saliency_quality` holds the quality stage's figures (issue 16; docs/method.md): per checkpoint scored, saliency
 *   `method` (or the baseline maps 'random' and 'planted') and `metric`: 'mprt-spearman' / 'mprt-ssim' (similarity to
 *   the trained model's maps after every layer is re-initialised), 'random-logit-spearman' / '-ssim', 'deletion-auc',
 *   'insertion-auc', 'road-morf', 'road-lerf' (means over the scored samples; NULL where undefined, e.g. Spearman of
 *   constant maps). `saliency_quality_curves` holds their curves: for the removal metrics the mean target probability
 *   after `step` of the steps (`fraction` of the pixels removed or inserted), for 'mprt-*' the similarity after `step`
 *   layers from the top (`fraction` of the layers with weights).
 * - Only `runs` and `stage_runs` have primary keys: an index on the large tables would slow bulk loads, and
 *   `replaceRows` already keeps their logical keys (named in `key`) unique.
 */
export const schema = {
  runs: {
    key: ['run_id'],
    columns: {
      run_id: 'VARCHAR',
      config_name: 'VARCHAR',
      created_at: 'TIMESTAMP',
      config_json: 'JSON',
      fingerprint: 'VARCHAR',
      status: 'VARCHAR',
      metrics_json: 'JSON',
    },
  },
  checkpoints: {
    key: ['run_id', 'checkpoint'],
    columns: {
      run_id: 'VARCHAR',
      checkpoint: 'INTEGER',
      step: 'INTEGER',
      epoch: 'DOUBLE',
      train_loss: 'DOUBLE',
      train_acc: 'DOUBLE',
      val_loss: 'DOUBLE',
      val_acc: 'DOUBLE',
      test_acc: 'DOUBLE',
      weights_sha256: 'VARCHAR',
    },
  },
  samples: {
    key: ['run_id', 'sample'],
    columns: {
      run_id: 'VARCHAR',
      sample: 'INTEGER',
      split: 'VARCHAR',
      label: 'INTEGER',
      source_index: 'INTEGER',
    },
  },
  predictions: {
    key: ['run_id', 'checkpoint', 'sample'],
    columns: {
      run_id: 'VARCHAR',
      checkpoint: 'INTEGER',
      sample: 'INTEGER',
      predicted: 'INTEGER',
      confidence: 'FLOAT[]',
    },
  },
  prototypes: {
    key: ['run_id', 'prototype'],
    columns: {
      run_id: 'VARCHAR',
      prototype: 'INTEGER',
      area_total: 'BIGINT',
      n_samples: 'INTEGER',
      dominant_class: 'INTEGER',
      centroid: 'FLOAT[]',
      class_samples: 'INTEGER[]',
      dominant_classes: 'INTEGER[]',
    },
  },
  prototype_areas: {
    key: ['run_id', 'sample', 'prototype'],
    columns: {
      run_id: 'VARCHAR',
      sample: 'INTEGER',
      prototype: 'INTEGER',
      area: 'INTEGER',
    },
  },
  prototype_intensity: {
    key: ['run_id', 'checkpoint', 'sample', 'prototype'],
    columns: {
      run_id: 'VARCHAR',
      checkpoint: 'INTEGER',
      sample: 'INTEGER',
      prototype: 'INTEGER',
      intensity: 'FLOAT',
    },
  },
  confidence_groups: {
    key: ['run_id', 'transition', 'sample'],
    columns: {
      run_id: 'VARCHAR',
      transition: 'INTEGER',
      sample: 'INTEGER',
      grp: 'INTEGER',
    },
  },
  ridge_coefficients: {
    key: ['run_id', 'transition', 'grp', 'prototype', 'class'],
    columns: {
      run_id: 'VARCHAR',
      transition: 'INTEGER',
      grp: 'INTEGER',
      prototype: 'INTEGER',
      class: 'INTEGER',
      beta: 'DOUBLE',
    },
  },
  ridge_fits: {
    key: ['run_id', 'transition', 'grp'],
    columns: {
      run_id: 'VARCHAR',
      transition: 'INTEGER',
      grp: 'INTEGER',
      n: 'INTEGER',
      r2: 'DOUBLE',
      ridge_lambda: 'DOUBLE',
    },
  },
  uncertain_prototypes: {
    key: ['run_id', 'prototype', 'class_a', 'class_b'],
    columns: {
      run_id: 'VARCHAR',
      prototype: 'INTEGER',
      class_a: 'INTEGER',
      class_b: 'INTEGER',
      sign_changes: 'INTEGER',
      max_magnitude: 'DOUBLE',
      evidence_json: 'JSON',
    },
  },
  curation: {
    key: ['run_id', 'sample'],
    columns: {
      run_id: 'VARCHAR',
      sample: 'INTEGER',
      removed: 'BOOLEAN',
      reason: 'VARCHAR',
      invocation: 'VARCHAR',
    },
  },
  finetune_results: {
    key: ['run_id', 'strategy', 'seed'],
    columns: {
      run_id: 'VARCHAR',
      strategy: 'VARCHAR',
      seed: 'INTEGER',
      test_acc: 'DOUBLE',
      val_acc: 'DOUBLE',
      train_loss: 'DOUBLE',
      n_train: 'INTEGER',
      n_removed: 'INTEGER',
      epochs: 'INTEGER',
      seconds: 'DOUBLE',
      details_json: 'JSON',
      invocation: 'VARCHAR',
      agreement: 'DOUBLE',
    },
  },
  confusions: {
    key: ['run_id', 'source', 'checkpoint_or_strategy', 'seed', 'true_class', 'predicted_class'],
    columns: {
      run_id: 'VARCHAR',
      source: 'VARCHAR',
      checkpoint_or_strategy: 'VARCHAR',
      seed: 'INTEGER',
      true_class: 'INTEGER',
      predicted_class: 'INTEGER',
      count: 'INTEGER',
    },
  },
  lrp_conservation: {
    key: ['run_id', 'method', 'checkpoint', 'layer'],
    columns: {
      run_id: 'VARCHAR',
      method: 'VARCHAR',
      checkpoint: 'INTEGER',
      layer: 'VARCHAR',
      relevance_sum: 'DOUBLE',
      logit: 'DOUBLE',
      deviation: 'DOUBLE',
    },
  },
  saliency_metrics: {
    key: ['run_id', 'method', 'checkpoint', 'sample'],
    columns: {
      run_id: 'VARCHAR',
      method: 'VARCHAR',
      checkpoint: 'INTEGER',
      sample: 'INTEGER',
      contrast: 'FLOAT',
      blobs: 'INTEGER',
      gini: 'FLOAT',
    },
  },
  planted: {
    key: ['run_id', 'split', 'sample', 'plant'],
    columns: {
      run_id: 'VARCHAR',
      split: 'VARCHAR',
      sample: 'INTEGER',
      plant: 'INTEGER',
      kind: 'VARCHAR',
      original_label: 'INTEGER',
      given_label: 'INTEGER',
      mask_x: 'INTEGER',
      mask_y: 'INTEGER',
      mask_width: 'INTEGER',
      mask_height: 'INTEGER',
    },
  },
  saliency_quality: {
    key: ['run_id', 'checkpoint', 'method', 'metric'],
    columns: {
      run_id: 'VARCHAR',
      checkpoint: 'INTEGER',
      method: 'VARCHAR',
      metric: 'VARCHAR',
      value: 'DOUBLE',
    },
  },
  saliency_quality_curves: {
    key: ['run_id', 'checkpoint', 'method', 'metric', 'step'],
    columns: {
      run_id: 'VARCHAR',
      checkpoint: 'INTEGER',
      method: 'VARCHAR',
      metric: 'VARCHAR',
      step: 'INTEGER',
      fraction: 'DOUBLE',
      value: 'DOUBLE',
    },
  },
  finetune_comparisons: {
    key: ['run_id', 'strategy', 'baseline', 'metric'],
    columns: {
      run_id: 'VARCHAR',
      strategy: 'VARCHAR',
      baseline: 'VARCHAR',
      metric: 'VARCHAR',
      n: 'INTEGER',
      mean_diff: 'DOUBLE',
      t_low: 'DOUBLE',
      t_high: 'DOUBLE',
      boot_low: 'DOUBLE',
      boot_high: 'DOUBLE',
      sign_p: 'DOUBLE',
      wilcoxon_p: 'DOUBLE',
      invocation: 'VARCHAR',
      agreement: 'DOUBLE',
    },
  },
  finetune_replicates: {
    key: ['run_id', 'strategy', 'baseline', 'metric'],
    columns: {
      run_id: 'VARCHAR',
      strategy: 'VARCHAR',
      baseline: 'VARCHAR',
      metric: 'VARCHAR',
      bases: 'INTEGER',
      mean_diff: 'DOUBLE',
      t_low: 'DOUBLE',
      t_high: 'DOUBLE',
      boot_low: 'DOUBLE',
      boot_high: 'DOUBLE',
      sign_p: 'DOUBLE',
      wilcoxon_p: 'DOUBLE',
    },
  },
  finetune_replicate_bases: {
    key: ['run_id', 'strategy', 'baseline', 'metric', 'seed'],
    columns: {
      run_id: 'VARCHAR',
      strategy: 'VARCHAR',
      baseline: 'VARCHAR',
      metric: 'VARCHAR',
      seed: 'INTEGER',
      base_run: 'VARCHAR',
      mean_diff: 'DOUBLE',
    },
  },
  sample_scores: {
    key: ['run_id', 'method', 'sample'],
    columns: { run_id: 'VARCHAR', sample: 'INTEGER', method: 'VARCHAR', score: 'DOUBLE' },
  },
  detection_scores: {
    key: ['run_id', 'arm', 'kind', 'within_label', 'method', 'metric', 'checkpoint'],
    columns: { run_id: 'VARCHAR', arm: 'VARCHAR', kind: 'VARCHAR', method: 'VARCHAR', metric: 'VARCHAR', checkpoint: 'INTEGER', value: 'DOUBLE', control_run: 'VARCHAR', within_label: 'INTEGER' },
  },
  detection_curves: {
    key: ['run_id', 'arm', 'kind', 'within_label', 'method', 'point'],
    columns: { run_id: 'VARCHAR', arm: 'VARCHAR', kind: 'VARCHAR', method: 'VARCHAR', point: 'INTEGER', examined: 'DOUBLE', found: 'DOUBLE', within_label: 'INTEGER' },
  },
  prototype_plant_shares: {
    key: ['run_id', 'arm', 'kind', 'prototype'],
    columns: { run_id: 'VARCHAR', arm: 'VARCHAR', kind: 'VARCHAR', prototype: 'INTEGER', positions: 'BIGINT', planted_share: 'DOUBLE', plant_coverage: 'DOUBLE', uncertain: 'BOOLEAN' },
  },
  test_predictions: {
    key: ['run_id', 'source', 'ref', 'sample'],
    columns: { run_id: 'VARCHAR', source: 'VARCHAR', ref: 'VARCHAR', sample: 'INTEGER', label: 'INTEGER', predicted: 'INTEGER', confidence: 'FLOAT[]' },
  },
  stage_runs: {
    key: ['run_id', 'stage'],
    columns: {
      run_id: 'VARCHAR',
      stage: 'VARCHAR',
      fingerprint: 'VARCHAR',
      started_at: 'TIMESTAMP',
      finished_at: 'TIMESTAMP',
      status: 'VARCHAR',
    },
  },
} as const satisfies Record<string, { key: readonly string[]; columns: Readonly<Record<string, string>> }>;

/** The name of a table in the i2x store. */
export type TableName = keyof typeof schema;

/** The column names of one table, e.g. `ColumnName<'samples'>` is 'run_id' | 'sample' | ... */
export type ColumnName<T extends TableName> = keyof (typeof schema)[T]['columns'] & string;
