import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite } from '../util/atomicWrite.js';
import { I2xError } from '../util/I2xError.js';
import { readArrayFile, writeArrayFile, type DType, type StoredArray } from '../util/arrayFile.js';

/**
 * One file a stage writes into its output directory: its name there, the stage that writes it (for the
 * "re-run" advice) and its format tag, `i2x-<stage>-<thing>/<version>`. A JSON artifact carries the tag as its
 * `format` field; an array file (src/util/arrayFile.ts) in its header, next to dtype and shape. Readers refuse
 * a file with another tag, or none (written before tags existed), with E_ARTIFACT naming the file, the tag
 * expected and the one found.
 *
 * Only the artifact modules (src/stages/i2x/artifacts/) declare these; everything else calls their `read`.
 */
export interface ArtifactFile {
  readonly stage: string;
  readonly file: string;
  readonly format: string;
}

/** For a binary artifact, also the dtype and the rank its readers rely on. */
export interface ArrayArtifactFile extends ArtifactFile {
  readonly dtype: DType;
  /** names of the axes, e.g. ['N', 'h', 'w']: the rank is checked on reading */
  readonly axes: readonly string[];
}

function rerun(spec: ArtifactFile): string {
  return `re-run the ${spec.stage} stage (i2x run <config> --from ${spec.stage})`;
}

function formatError(path: string, spec: ArtifactFile, found: unknown): I2xError {
  const what = found === undefined ? 'has no format tag (written by an older i2x)' : `has format '${String(found)}'`;
  return new I2xError('E_ARTIFACT', `${path} ${what}; expected '${spec.format}'. It is out of date: ${rerun(spec)}.`);
}

function existingPath(dir: string, spec: ArtifactFile): string {
  const path = join(dir, spec.file);
  if (!existsSync(path)) throw new I2xError('E_ARTIFACT', `${path} is missing (the ${spec.stage} stage's '${spec.format}'); ${rerun(spec)}.`);
  return path;
}

/** Writes `payload` with its `format` tag as `<dir>/<spec.file>`, atomically. */
export function writeJsonArtifact(dir: string, spec: ArtifactFile, payload: Record<string, unknown>, options: { pretty?: boolean } = {}): void {
  const tagged = { format: spec.format, ...payload };
  atomicWrite(join(dir, spec.file), options.pretty ? JSON.stringify(tagged, null, 2) : JSON.stringify(tagged));
}

/** Reads a JSON artifact written by `writeJsonArtifact`, refusing another format tag (or none). */
export function readJsonArtifact<T extends { format: string }>(dir: string, spec: ArtifactFile): T {
  const path = existingPath(dir, spec);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new I2xError('E_ARTIFACT', `${path} is not valid JSON (${(err as Error).message}); expected '${spec.format}': ${rerun(spec)}.`, { cause: err });
  }
  const found = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { format?: unknown }).format : undefined;
  if (found !== spec.format) throw formatError(path, spec, found);
  return value as T;
}

/** Writes an array artifact: its dtype must be the declared one and its shape of the declared rank. */
export function writeArrayArtifact(dir: string, spec: ArrayArtifactFile, array: { data: StoredArray; shape: readonly number[] }): void {
  const path = join(dir, spec.file);
  if (array.shape.length !== spec.axes.length) {
    throw new I2xError('E_ARTIFACT', `${path}: shape [${array.shape.join(', ')}], but '${spec.format}' is [${spec.axes.join(', ')}]`);
  }
  const given = array.data.constructor.name.replace('Array', '').toLowerCase(); // Float32Array -> float32
  if (given !== spec.dtype) throw new I2xError('E_ARTIFACT', `${path}: a ${given} array, but '${spec.format}' holds ${spec.dtype}`);
  writeArrayFile(path, array.data, array.shape, { format: spec.format });
}

/** Reads an array artifact, refusing another format tag (or none), dtype or rank. */
export function readArrayArtifact<T extends StoredArray = Float32Array>(dir: string, spec: ArrayArtifactFile): { data: T; shape: number[] } {
  const path = existingPath(dir, spec);
  const { data, shape, dtype, format } = readArrayFile<T>(path);
  if (format !== spec.format) throw formatError(path, spec, format);
  if (dtype !== spec.dtype || shape.length !== spec.axes.length) {
    throw new I2xError('E_ARTIFACT', `${path}: ${dtype} [${shape.join(', ')}], but '${spec.format}' is ${spec.dtype} [${spec.axes.join(', ')}]; ${rerun(spec)}.`);
  }
  return { data, shape };
}
