import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FLOWS } from '../flows';
import { ensureChromiumOrExit } from './browser';

/**
 * `npm test`: the type check (alongside), the project's own fast tests (unit, portal, incident reporting), then the
 * long ones side by side: the probe tests, the status page on real probe runs and the fault-detection matrix (the
 * whole suite once per fault), then the matrix table.
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

/** Starts a step whose output is shown when it ends, so it can run alongside the others. */
function start(title: string, command: string, args: string[]): Promise<boolean> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      process.stdout.write(`\n▶ ${title}\n${output || (code === 0 ? 'no errors\n' : '')}`);
      resolve(code === 0);
    }),
  );
}

ensureChromiumOrExit();

const extra = process.argv.slice(2);
if (extra.length) process.exit(run('Playwright', process.execPath, [playwright, 'test', ...config, ...extra]) ? 0 : 1);

const typecheck = start('Type check', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']);
const steps = [
  run('Unit, portal and incident tests', process.execPath, [playwright, 'test', ...config, '--project=unit', '--project=portal', '--project=incident']),
  // Side by side (MATRIX_WORKERS at once, default 4): the probe end to end and the status page mostly wait on probe
  // schedules and the slow-backend scenario on page budgets, while the other scenarios compute, each with its own portal.
  run('Probe tests, status page and fault-detection matrix', process.execPath, [
    playwright,
    'test',
    ...config,
    '--project=probe',
    '--project=status',
    '--project=matrix',
    `--workers=${process.env.MATRIX_WORKERS ?? 4}`,
  ]),
  await typecheck,
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
