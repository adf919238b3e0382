/**
 * The one error class of i2x. Every error carries a stable `code` (so scripts and tests can match on it)
 * and a message that names the file, key or value at fault and what would be accepted.
 */
export type I2xErrorCode =
  | 'E_USAGE' // a command line the CLI does not accept (unknown option, wrong number of arguments); exit code 2
  | 'E_CONFIG' // a config key, type or value is not accepted
  | 'E_DATA' // a dataset file is missing, truncated or malformed
  | 'E_BACKEND' // a tfjs backend is unknown or failed to initialise
  | 'E_KERNEL' // a kernel was asked for a shape or option it does not support
  | 'E_MODEL' // a model spec, layer name or architecture does not fit
  | 'E_CHECKPOINT' // a checkpoint is missing, corrupted or of another architecture
  | 'E_TRAIN' // training diverged: a loss or weight became NaN or infinite
  | 'E_ANALYSIS' // an analysis step got input it cannot work with (K > N, NaN, ...)
  | 'E_STORE' // the DuckDB store cannot be opened or written
  | 'E_STAGE' // the pipeline runner cannot run a stage
  | 'E_ARTIFACT' // a stage output file is missing, or of another format or version than its reader expects
  | 'E_FINETUNE' // curation or fine-tuning would run on a degenerate set
  | 'E_REPORT'; // the report cannot be written

export class I2xError extends Error {
  readonly code: I2xErrorCode;

  constructor(code: I2xErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'I2xError';
    this.code = code;
  }
}
