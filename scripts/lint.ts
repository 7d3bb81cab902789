import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * `npm run lint`: the project's static checks, each under its own `▶` header, and a non-zero exit if any fails.
 *  - ESLint (eslint.config.js), no warnings allowed: type-aware rules such as the missing `await` of a step or assertion.
 *  - Prettier's check (.prettierrc.json): `npm run format` fixes what it reports.
 *  - dependency-cruiser (.dependency-cruiser.cjs): the architecture, i.e. which part may import which.
 *  - knip (knip.config.ts): unused files, exports and dependencies.
 * ESLint type-checks the whole project and takes the longest: it runs alongside the others, which take turns on the
 * second core. Each tool runs as `node <its bin file>`, with this Node and no npx in between.
 */
const require = createRequire(import.meta.url);

/** The folders (and root files) the architecture rules are about; dependency-cruiser refuses a path that does not exist. */
const ARCHITECTURE = 'contract config flows fixtures pages seed incident probe scripts bench tests portal playwright.config.ts'.split(' ');

interface Check {
  readonly title: string;
  readonly args: readonly string[];
}

interface Outcome {
  readonly ok: boolean;
  readonly output: string;
  readonly seconds: number;
}

/**
 * The JS file behind a package's command (its package.json `bin`). Found in the folders Node would load the package
 * from, as `require.resolve('<package>/bin/…')` can't: eslint, knip and dependency-cruiser keep their bin files (and
 * knip and dependency-cruiser their package.json) out of their `exports`.
 */
function binOf(packageName: string, command = packageName): string {
  for (const dir of require.resolve.paths(packageName) ?? []) {
    const manifest = path.join(dir, packageName, 'package.json');
    if (!existsSync(manifest)) continue;
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
    const file = typeof bin === 'string' ? bin : bin?.[command];
    if (file) return path.join(dir, packageName, file);
  }
  throw new Error(`The ${command} command of ${packageName} is not installed: run npm install.`);
}

/** Runs one check with its output collected, so checks running side by side never interleave their lines. */
function run({ args }: Check): Promise<Outcome> {
  const started = performance.now();
  // Colours when a person watches: the tools see a pipe, not this terminal. (Some read any FORCE_COLOR as "on".)
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ ok: false, output: `${error.message}\n`, seconds: (performance.now() - started) / 1000 }));
    child.on('close', (code) => resolve({ ok: code === 0, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Prints a finished check under its header; a passing check that said nothing says so. */
function report(check: Check, { ok, output, seconds }: Outcome): void {
  const body = output || (ok ? 'no problems\n' : 'failed without output\n');
  process.stdout.write(`\n▶ ${check.title} (${seconds.toFixed(1)} s)\n${body.endsWith('\n') ? body : `${body}\n`}`);
}

const eslint: Check = { title: 'ESLint', args: [binOf('eslint'), '--max-warnings=0', '.'] };
const others: Check[] = [
  { title: 'Prettier', args: [binOf('prettier'), '--check', '--log-level=warn', '.'] },
  {
    title: 'dependency-cruiser',
    args: [binOf('dependency-cruiser', 'depcruise'), '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...ARCHITECTURE],
  },
  { title: 'knip', args: [binOf('knip')] },
];

const eslintRun = run(eslint);
const results: boolean[] = [];
for (const check of others) {
  const outcome = await run(check);
  report(check, outcome);
  results.push(outcome.ok);
}
const eslintOutcome = await eslintRun;
report(eslint, eslintOutcome);
results.push(eslintOutcome.ok);

const failed = results.filter((ok) => !ok).length;
process.stdout.write(`\nnpm run lint: ${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
