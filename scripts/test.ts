import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FLOWS } from '../flows';
import { ensureChromiumOrExit } from './browser';
import { PLAYWRIGHT_CLI } from './suite';

/**
 * `npm test`: the type check and `npm run lint` alongside every test of the project (probe, status page on real probe
 * runs, the fault-detection matrix as one run of the critical suite against every fault, unit, portal, incident
 * reporting), then the matrix table.
 * Extra arguments go to Playwright instead, e.g. `npm test -- --project=portal`.
 */
const require = createRequire(import.meta.url);
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
if (extra.length) process.exit(run('Playwright', process.execPath, [PLAYWRIGHT_CLI, 'test', ...config, ...extra]) ? 0 : 1);

const typecheck = start('Type check', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']);
const lint = start('Lint', process.execPath, ['--import', 'tsx', 'scripts/lint.ts']);
// One run, MATRIX_WORKERS tests at once (default 4): the probe end to end and the status page mostly wait on probe
// schedules and the slow-backend scenario on page budgets, while the other scenarios (each with its own portal) and the
// fast unit, portal and incident tests compute. The long tests start first (the project order in the config).
const steps = [
  run('Tests', process.execPath, [PLAYWRIGHT_CLI, 'test', ...config, `--workers=${process.env.MATRIX_WORKERS ?? 4}`]),
  await typecheck,
  await lint,
];
await printMatrix();
const failed = steps.filter((ok) => !ok).length;
process.stdout.write(`\nnpm test: ${steps.length - failed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);

/** One `<scenario>.row.json` as tests/matrix/fault-matrix.test.ts writes it: each flow's status under that fault. */
interface MatrixRow {
  scenario: string;
  flows: Partial<Record<string, { status: string }>>;
}

/** Prints fault × flow from the rows the matrix tests wrote: ✗ red as expected, · green, ! a miss. */
async function printMatrix(): Promise<void> {
  const { EXPECTED_BROKEN, MATRIX_DIR: dir } = await import('../tests/matrix/expected');
  const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.row.json')).sort();
  if (!files.length) return;
  const rows = await Promise.all(files.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as MatrixRow));
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
