import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Stryker configuration every mutation run uses. */
export const CONFIG_FILE = 'stryker.config.mjs';

/** Runs `stryker run` with the project's configuration and these arguments; resolves Stryker's exit code. */
export async function runStryker(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
  const child = spawn(process.execPath, [bin, 'run', CONFIG_FILE, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}
