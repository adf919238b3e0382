import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts a node process that opens `path` with DuckDB (read-write, or read-only, which lets other processes read
 * too) and keeps it open until its stdin closes; `release` closes it and waits for the process to exit.
 */
export async function holdStoreOpen(path: string, mode: 'READ_WRITE' | 'READ_ONLY' = 'READ_WRITE'): Promise<{ pid: number; release: () => Promise<void> }> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(path)}, { access_mode: ${JSON.stringify(mode)} });
    process.stdout.write('open\\n');
    process.stdin.resume();
    process.stdin.on('end', () => { instance.closeSync(); process.exit(0); });`;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    pid: child.pid!,
    release: async () => {
      child.stdin?.end();
      await exited;
    },
  };
}
