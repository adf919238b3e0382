import { resolve } from 'node:path';

/** The option of the commands that read or write a project's files. */
export const ROOT_OPTION = { root: { type: 'string', value: 'dir' } } as const;

/**
 * The project root of a command: `--root`, else the working directory. Only here, at the CLI's boundary, does
 * the working directory matter; below, every path is resolved against the root.
 */
export function projectRoot(root: string | undefined): string {
  return resolve(root ?? process.cwd());
}
