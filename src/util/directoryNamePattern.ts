/**
 * What a run id, stage name or checkpoint name may look like, since each names a directory: a letter or
 * digit, then letters, digits, '.', '_' and '-' (so no path separator, no '..', no hidden directory).
 * The config schema, the pipeline runner and checkpoint writing all test against this one pattern.
 */
export const DIRECTORY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
