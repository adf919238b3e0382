/** One step of the store's schema history. */
export interface Migration {
  /** Applied in increasing order; a store records the versions it has in `schema_migrations`. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * The store's schema history, oldest first. A migration is frozen once released: to change the schema,
 * append a new version (e.g. `ALTER TABLE ... ADD COLUMN ...`) and update `schema.ts` to the result.
 * A test checks that applying all of them yields exactly the shape `schema.ts` describes.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'create the run, training, explanation, analysis and fine-tuning tables',
    sql: `
CREATE TABLE runs (
  run_id VARCHAR PRIMARY KEY, config_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
  config_json JSON, fingerprint VARCHAR, status VARCHAR NOT NULL, metrics_json JSON);
CREATE TABLE checkpoints (
  run_id VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, step INTEGER, epoch DOUBLE,
  train_loss DOUBLE, train_acc DOUBLE, val_loss DOUBLE, val_acc DOUBLE, test_acc DOUBLE, weights_sha256 VARCHAR);
CREATE TABLE samples (
  run_id VARCHAR NOT NULL, sample INTEGER NOT NULL, split VARCHAR NOT NULL, label INTEGER NOT NULL,
  source_index INTEGER);
CREATE TABLE predictions (
  run_id VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, sample INTEGER NOT NULL, predicted INTEGER NOT NULL,
  confidence FLOAT[]);
CREATE TABLE prototypes (
  run_id VARCHAR NOT NULL, prototype INTEGER NOT NULL, area_total BIGINT, n_samples INTEGER,
  dominant_class INTEGER, centroid FLOAT[]);
CREATE TABLE prototype_areas (
  run_id VARCHAR NOT NULL, sample INTEGER NOT NULL, prototype INTEGER NOT NULL, area INTEGER NOT NULL);
CREATE TABLE prototype_intensity (
  run_id VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, sample INTEGER NOT NULL, prototype INTEGER NOT NULL,
  intensity FLOAT);
CREATE TABLE confidence_groups (
  run_id VARCHAR NOT NULL, transition INTEGER NOT NULL, sample INTEGER NOT NULL, grp INTEGER NOT NULL);
CREATE TABLE ridge_coefficients (
  run_id VARCHAR NOT NULL, transition INTEGER NOT NULL, grp INTEGER NOT NULL, prototype INTEGER NOT NULL,
  class INTEGER NOT NULL, beta DOUBLE);
CREATE TABLE ridge_fits (
  run_id VARCHAR NOT NULL, transition INTEGER NOT NULL, grp INTEGER NOT NULL, n INTEGER NOT NULL,
  r2 DOUBLE, ridge_lambda DOUBLE);
CREATE TABLE uncertain_prototypes (
  run_id VARCHAR NOT NULL, prototype INTEGER NOT NULL, class_a INTEGER NOT NULL, class_b INTEGER NOT NULL,
  sign_changes INTEGER NOT NULL, max_magnitude DOUBLE, evidence_json JSON);
CREATE TABLE curation (
  run_id VARCHAR NOT NULL, sample INTEGER NOT NULL, removed BOOLEAN NOT NULL, reason VARCHAR);
CREATE TABLE finetune_results (
  run_id VARCHAR NOT NULL, strategy VARCHAR NOT NULL, seed INTEGER NOT NULL, test_acc DOUBLE, val_acc DOUBLE,
  train_loss DOUBLE, n_train INTEGER, n_removed INTEGER, epochs INTEGER, seconds DOUBLE, details_json JSON);
CREATE TABLE confusions (
  run_id VARCHAR NOT NULL, source VARCHAR NOT NULL, checkpoint_or_strategy VARCHAR NOT NULL, seed INTEGER,
  true_class INTEGER NOT NULL, predicted_class INTEGER NOT NULL, count INTEGER NOT NULL);
CREATE TABLE saliency_metrics (
  run_id VARCHAR NOT NULL, method VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, sample INTEGER NOT NULL,
  contrast FLOAT, blobs INTEGER, gini FLOAT);
CREATE TABLE stage_runs (
  run_id VARCHAR NOT NULL, stage VARCHAR NOT NULL, fingerprint VARCHAR, started_at TIMESTAMP,
  finished_at TIMESTAMP, status VARCHAR NOT NULL, PRIMARY KEY (run_id, stage));
`,
  },
  {
    version: 2,
    description: 'LRP relevance conservation per layer',
    sql: `
CREATE TABLE lrp_conservation (
  run_id VARCHAR NOT NULL, method VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, layer VARCHAR NOT NULL,
  relevance_sum DOUBLE, logit DOUBLE, deviation DOUBLE);`,
  },
  {
    version: 3,
    description: 'the finetune invocation behind each fine-tuning and curation row; per-class samples and tied most common classes of each prototype',
    sql: `
ALTER TABLE finetune_results ADD COLUMN invocation VARCHAR;
ALTER TABLE curation ADD COLUMN invocation VARCHAR;
ALTER TABLE prototypes ADD COLUMN class_samples INTEGER[];
ALTER TABLE prototypes ADD COLUMN dominant_classes INTEGER[];`,
  },
  {
    version: 4,
    description: 'planted ground truth: every sample a plant of data.plant changed, with its labels and the box of pixels set',
    sql: `
CREATE TABLE planted (
  run_id VARCHAR NOT NULL, split VARCHAR NOT NULL, sample INTEGER NOT NULL, plant INTEGER NOT NULL, kind VARCHAR NOT NULL,
  original_label INTEGER NOT NULL, given_label INTEGER NOT NULL,
  mask_x INTEGER, mask_y INTEGER, mask_width INTEGER, mask_height INTEGER);`,
  },
  {
    version: 5,
    description: 'paired comparisons of each fine-tuning strategy with the reference: mean difference, t and bootstrap intervals, sign and Wilcoxon p',
    sql: `
CREATE TABLE finetune_comparisons (
  run_id VARCHAR NOT NULL, strategy VARCHAR NOT NULL, baseline VARCHAR NOT NULL, metric VARCHAR NOT NULL, n INTEGER NOT NULL,
  mean_diff DOUBLE, t_low DOUBLE, t_high DOUBLE, boot_low DOUBLE, boot_high DOUBLE, sign_p DOUBLE, wilcoxon_p DOUBLE,
  invocation VARCHAR);`,
  },
  {
    version: 6,
    description: 'issue 14: per-sample suspicion scores, the detection scorecard of planted ground truth (planted run and control), prototypes on planted pixels, per-sample test predictions',
    sql: `
CREATE TABLE sample_scores (run_id VARCHAR NOT NULL, sample INTEGER NOT NULL, method VARCHAR NOT NULL, score DOUBLE);
CREATE TABLE detection_scores (
  run_id VARCHAR NOT NULL, arm VARCHAR NOT NULL, kind VARCHAR NOT NULL, method VARCHAR NOT NULL, metric VARCHAR NOT NULL,
  checkpoint INTEGER NOT NULL, value DOUBLE, control_run VARCHAR);
CREATE TABLE detection_curves (
  run_id VARCHAR NOT NULL, arm VARCHAR NOT NULL, kind VARCHAR NOT NULL, method VARCHAR NOT NULL, point INTEGER NOT NULL,
  examined DOUBLE, found DOUBLE);
CREATE TABLE prototype_plant_shares (
  run_id VARCHAR NOT NULL, arm VARCHAR NOT NULL, kind VARCHAR NOT NULL, prototype INTEGER NOT NULL, positions BIGINT,
  planted_share DOUBLE, plant_coverage DOUBLE, uncertain BOOLEAN);
CREATE TABLE test_predictions (
  run_id VARCHAR NOT NULL, source VARCHAR NOT NULL, ref VARCHAR NOT NULL, sample INTEGER NOT NULL,
  label INTEGER, predicted INTEGER, confidence FLOAT[]);`,
  },
  {
    version: 7,
    description: 'saliency quality: sanity checks and faithfulness by removal per checkpoint, method and metric, and their curves',
    sql: `
CREATE TABLE saliency_quality (
  run_id VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, method VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE);
CREATE TABLE saliency_quality_curves (
  run_id VARCHAR NOT NULL, checkpoint INTEGER NOT NULL, method VARCHAR NOT NULL, metric VARCHAR NOT NULL,
  step INTEGER NOT NULL, fraction DOUBLE NOT NULL, value DOUBLE);`,
  },
  {
    version: 8,
    description: 'detection within each planted label (within_label; NULL = all samples); agreement of final test predictions with the reference strategy, per seed and its mean',
    sql: `
ALTER TABLE detection_scores ADD COLUMN within_label INTEGER;
ALTER TABLE detection_curves ADD COLUMN within_label INTEGER;
ALTER TABLE finetune_results ADD COLUMN agreement DOUBLE;
ALTER TABLE finetune_comparisons ADD COLUMN agreement DOUBLE;`,
  },
  {
    version: 9,
    description: 'i2x replicate: each strategy against the reference over base models (training seeds), and each base model\'s mean difference',
    sql: `
CREATE TABLE finetune_replicates (
  run_id VARCHAR NOT NULL, strategy VARCHAR NOT NULL, baseline VARCHAR NOT NULL, metric VARCHAR NOT NULL, bases INTEGER NOT NULL,
  mean_diff DOUBLE, t_low DOUBLE, t_high DOUBLE, boot_low DOUBLE, boot_high DOUBLE, sign_p DOUBLE, wilcoxon_p DOUBLE);
CREATE TABLE finetune_replicate_bases (
  run_id VARCHAR NOT NULL, strategy VARCHAR NOT NULL, baseline VARCHAR NOT NULL, metric VARCHAR NOT NULL, seed INTEGER NOT NULL,
  base_run VARCHAR NOT NULL, mean_diff DOUBLE);`,
  },
];
