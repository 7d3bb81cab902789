import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FLOWS } from '../flows';
import { ensureChromiumOrExit } from './browser';

/**
 * `npm test`: type check, the project's own tests (unit, portal, incident reporting), the probe tests, then the
 * fault-detection matrix on its own (it runs the whole suite once per fault), then the matrix table.
 * Extra arguments go to Playwright instead, e.g. `npm test -- --project=portal`.
 */
const require = createRequire(import.meta.url);
const playwright = require.resolve('@playwright/test/cli');
const config = ['-c', 'tests/playwright.config.ts'];

function run(title: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

ensureChromiumOrExit();

const extra = process.argv.slice(2);
if (extra.length) process.exit(run('Playwright', process.execPath, [playwright, 'test', ...config, ...extra]) ? 0 : 1);

const steps = [
  run('Type check', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']),
  run('Unit, portal and incident tests', process.execPath, [playwright, 'test', ...config, '--project=unit', '--project=portal', '--project=incident']),
  // On its own: the end-to-end probe runs the suite against a real portal several times and must not compete for the cores.
  run('Probe tests', process.execPath, [playwright, 'test', ...config, '--project=probe', '--workers=1']),
  // On its own for the same reason: the status page is checked on a history made by real probe runs.
  run('Status page tests', process.execPath, [playwright, 'test', ...config, '--project=status', '--workers=1']),
  // Scenarios run side by side, each with its own portal; MATRIX_WORKERS tunes it to the machine.
  run('Fault-detection matrix', process.execPath, [playwright, 'test', ...config, '--project=matrix', `--workers=${process.env.MATRIX_WORKERS ?? 3}`]),
];
await printMatrix();
const failed = steps.filter((ok) => !ok).length;
process.stdout.write(`\nnpm test: ${steps.length - failed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);

/** Prints fault × flow from the rows the matrix tests wrote: ✗ red as expected, · green, ! a miss. */
async function printMatrix(): Promise<void> {
  const { EXPECTED_BROKEN, MATRIX_DIR: dir } = await import('../tests/matrix/expected');
  const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.row.json')).sort();
  if (!files.length) return;
  const rows = await Promise.all(files.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8'))));
  const ids = FLOWS.map((flow) => flow.id);
  const width = Math.max(...rows.map((row) => row.scenario.length), 8);
  const lines = [`${'fault'.padEnd(width)}  ${ids.map((id) => id.padEnd(15)).join(' ')}`];
  for (const row of rows) {
    const expected: readonly string[] = EXPECTED_BROKEN[row.scenario as keyof typeof EXPECTED_BROKEN] ?? [];
    const cells = ids.map((id) => {
      const status: string = row.flows[id]?.status ?? 'missing';
      const red = status !== 'passed';
      const mark = red === expected.includes(id) ? (red ? '✗' : '·') : '!';
      return `${mark} ${status}`.padEnd(15);
    });
    lines.push(`${row.scenario.padEnd(width)}  ${cells.join(' ')}`);
  }
  process.stdout.write(`\nFault-detection matrix (✗ red as expected · green as expected ! wrong)\n${lines.join('\n')}\n`);
}
