import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PROMISES } from '../../flows';
import { MUTATION_EXCEPTIONS } from '../../tests/mutation/exceptions';
import { judgeLastProofRun, proofPaths, runProofRun } from './proofs';
import { judge, MAX_EXCEPTION_SHARE, MIN_SCORE, mutationReportSchema, type FileScore, type Mutant } from './score';
import { CONFIG_FILE, runStryker } from './stryker';

/**
 * `npm run mutation [-- --files portal/pricing.ts,… | --force | --concurrency <n> | --proofs | --judge-only]`: Stryker
 * mutates the bundled portal's business logic (stryker.config.mjs) and runs the critical suite against every mutant
 * (scripts/mutation/run-suite.ts), incrementally: only mutants whose code changed since the last run are tested again,
 * and the surviving ones also when the suite changed. Then the score per file after the reviewed exceptions (tests/mutation/exceptions.ts) is printed and
 * written to reports/mutation/summary.json, the survivors to reports/mutation/survivors.txt. A run of every file ends with
 * the proof run (scripts/mutation/proofs.ts: each promise's proof mutant killed by the promise's own checks), which
 * `--proofs` runs alone.
 * Exits 0 when the bar is met, 1 when not (score below 90 %, exceptions above 10 %, a stale exception, a member
 * promise's proof mutant not killed, or in the last proof run not killed by the promise's own checks), 2 when Stryker
 * itself failed (e.g. the suite fails without any mutant).
 */

const REPORTS = path.resolve('reports', 'mutation');
const paths = {
  json: path.join(REPORTS, 'mutation.json'),
  html: path.join(REPORTS, 'mutation.html'),
  incremental: path.join(REPORTS, 'stryker-incremental.json'),
  suiteFingerprint: path.join(REPORTS, 'suite-fingerprint.json'),
  timings: path.join(REPORTS, 'timings.jsonl'),
  summary: path.join(REPORTS, 'summary.json'),
  survivors: path.join(REPORTS, 'survivors.txt'),
};

/**
 * What decides whether a mutant survives besides the mutated code: the critical suite and everything it is built from.
 * Stryker's incremental mode sees no test changes with the command runner, so this script does (see rerunSurvivors).
 */
const SUITE_SOURCES = [
  'tests/critical',
  'fixtures',
  'pages',
  'seed',
  'config',
  'contract',
  'flows',
  'incident',
  'playwright.config.ts',
  'scripts/mutation/run-suite.ts',
  'package-lock.json',
];

const USAGE = `Usage: npm run mutation [-- options]
  --files <list>      mutate only these files (comma-separated, each one of stryker.config.mjs's mutate list; "file:10-20"
                      limits it to lines); the report still holds every file from earlier runs
  --force             test every mutant in scope again, ignoring earlier results
  --concurrency <n>   suites side by side (default 2, the fastest on two cores)
  --proofs            test only the member promises' proof mutants, each against the whole suite, and check that the
                      promise's own checks kill it (a run of every file does this at its end)
  --judge-only        run no mutant: judge the last run's report again (after editing the exceptions or the promises)`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        files: { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        'judge-only': { type: 'boolean', default: false },
        proofs: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (values.concurrency !== undefined && !/^[1-9]\d*$/.test(values.concurrency)) {
      fail(`--concurrency must be a whole number of at least 1 (got "${values.concurrency}").\n${USAGE}`);
    }
    const files = (values.files ?? []).flatMap((list) => list.split(',')).map((file) => file.trim().replace(/^\.\//, ''));
    if (values['judge-only'] && (files.length > 0 || values.force || values.concurrency !== undefined || values.proofs)) {
      fail(`--judge-only runs no mutant: it takes none of --files, --force, --concurrency, --proofs.\n${USAGE}`);
    }
    if (values.proofs && (files.length > 0 || values.force)) {
      fail(`--proofs tests the proof mutants' lines, always afresh: it takes neither --files nor --force.\n${USAGE}`);
    }
    return {
      files: files.filter(Boolean),
      force: values.force,
      concurrency: values.concurrency,
      judgeOnly: values['judge-only'],
      proofs: values.proofs,
    };
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

/**
 * The files this run mutates whole: --files (each one of stryker.config.mjs's mutate list; an entry with a line range is
 * checked, but its file is not run whole), else all of them.
 */
async function scopeOf(files: readonly string[]): Promise<string[]> {
  const { default: config } = (await import(pathToFileURL(path.resolve(CONFIG_FILE)).href)) as { default: { mutate: string[] } };
  if (files.length === 0) return config.mutate;
  const range = /:\d+(:\d+)?-\d+(:\d+)?$/;
  for (const entry of files) {
    const file = entry.replace(range, '');
    if (!config.mutate.includes(file)) fail(`--files: "${file}" is not among the mutated files; choose from: ${config.mutate.join(', ')}.`);
  }
  return files.filter((entry) => !range.test(entry));
}

/** Every file under the suite's sources, for its fingerprint. */
async function suiteFiles(entry: string): Promise<string[]> {
  if (!existsSync(entry)) return [];
  const entries = await readdir(entry, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return [entry];
  const nested = await Promise.all(entries.map((dirent) => suiteFiles(path.join(entry, dirent.name))));
  return nested.flat();
}

/** A digest of the critical suite's sources: when it changes, mutants that survived may now be killed. */
async function suiteFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(SUITE_SOURCES.map(suiteFiles))).flat().sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex');
}

/** The suite fingerprint each file's results were last computed against (reports/mutation/suite-fingerprint.json). */
async function fingerprints(): Promise<Record<string, string>> {
  return readFile(paths.suiteFingerprint, 'utf8')
    .then((text) => (JSON.parse(text) as { files?: Record<string, string> }).files ?? {})
    .catch(() => ({}));
}

/**
 * For each file in this run's scope whose results were computed against another version of the suite, drops the
 * mutants the suite did not detect from the incremental file, so Stryker tests them again: a new check may kill them.
 * (Stryker matches mutants by their code, and with the command runner it cannot see test changes.) Killed mutants are
 * reused: `--force` tests them again too, e.g. after a check was removed.
 */
async function rerunSurvivors(fingerprint: string, scope: readonly string[]): Promise<void> {
  if (!existsSync(paths.incremental)) return;
  const known = await fingerprints();
  const incremental = JSON.parse(await readFile(paths.incremental, 'utf8')) as {
    files: Record<string, { mutants: { status: string }[] }>;
  };
  let dropped = 0;
  for (const [name, file] of Object.entries(incremental.files)) {
    if (!scope.includes(name) || known[name] === fingerprint) continue;
    const before = file.mutants.length;
    file.mutants = file.mutants.filter((mutant) => mutant.status !== 'Survived' && mutant.status !== 'NoCoverage');
    dropped += before - file.mutants.length;
  }
  if (dropped === 0) return;
  await writeFile(paths.incremental, JSON.stringify(incremental));
  process.stderr.write(
    `The critical suite changed since these files were last run: their ${dropped} undetected mutants are tested again (killed ones are reused; --force tests all).\n`,
  );
}

function strykerArgs(options: ReturnType<typeof parseOptions>): string[] {
  return [
    '--incremental',
    ...(options.force ? ['--force'] : []),
    ...(options.files.length > 0 ? ['--mutate', options.files.join(',')] : []),
    ...(options.concurrency ? ['--concurrency', options.concurrency] : []),
  ];
}

/** Seconds per suite run as run-suite.ts recorded them: the dry run (no mutant) and the mutants. */
async function timings(): Promise<{ runs: number; meanSeconds: number | null; dryRunSeconds: number | null }> {
  const text = await readFile(paths.timings, 'utf8').catch(() => '');
  const rows = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { mutant: string; seconds: number });
  const mutants = rows.filter((row) => row.mutant !== 'none');
  const dry = rows.find((row) => row.mutant === 'none');
  const mean = mutants.length > 0 ? mutants.reduce((sum, row) => sum + row.seconds, 0) / mutants.length : null;
  return { runs: mutants.length, meanSeconds: mean, dryRunSeconds: dry?.seconds ?? null };
}

const percent = (value: number | null) => (value === null ? '   n/a' : `${value.toFixed(1).padStart(5)} %`);

function scoreLine(name: string, score: FileScore, width: number): string {
  const counts = `${score.detected} killed, ${score.undetected - score.excepted} survived${score.excepted ? `, ${score.excepted} excepted` : ''}`;
  const extra = `${score.ignored ? `, ${score.ignored} ignored` : ''}${score.invalid ? `, ${score.invalid} invalid` : ''}`;
  return `  ${name.padEnd(width)} ${percent(score.score)}  (${counts}${extra})`;
}

function survivorLine(mutant: Mutant): string {
  const replacement = mutant.replacement.replace(/\s+/g, ' ');
  return `${mutant.file}:${mutant.line} ${mutant.mutator} ${JSON.stringify(mutant.original)} → ${JSON.stringify(replacement)}  |  ${mutant.code}`;
}

// ---------------------------------------------------------------------------------------------------------------------

const STRYKER_FAILED = (exit: number) =>
  `\nStryker failed (exit ${exit}) before judging any mutant: read its output above. If the initial test run failed, the critical suite fails without any mutant (try \`npm run smoke\`).`;

/** Runs the proof run; exits 2 when Stryker itself failed. */
async function proofRun(concurrency: string | undefined): Promise<void> {
  process.stderr.write("\nThe proof run: each member promise's proof mutant against the whole suite (reports/mutation/proofs/).\n");
  const exit = await runProofRun(concurrency);
  if (exit !== 0) fail(STRYKER_FAILED(exit));
}

const options = parseOptions();
if (options.proofs) {
  const started = performance.now();
  await proofRun(options.concurrency);
  const problems = (await judgeLastProofRun()) ?? [`The proof run wrote no report at ${path.relative(process.cwd(), proofPaths.report)}.`];
  const took = ((performance.now() - started) / 1000).toFixed(0);
  if (problems.length > 0) {
    process.stderr.write(`\nnpm run mutation -- --proofs failed (${took} s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`\nnpm run mutation -- --proofs passed (${took} s): every proof mutant is killed by its promise's own checks.\n`);
  process.exit(0);
}
let seconds = 0;
if (options.judgeOnly) {
  if (!existsSync(paths.json))
    fail(`--judge-only: there is no report to judge at ${path.relative(process.cwd(), paths.json)}; run npm run mutation first.`);
} else {
  const scope = await scopeOf(options.files);
  await mkdir(REPORTS, { recursive: true });
  const fingerprint = await suiteFingerprint();
  if (!options.force) await rerunSurvivors(fingerprint, scope);
  await rm(paths.timings, { force: true });
  const started = performance.now();
  const strykerExit = await runStryker(strykerArgs(options), { FIREWATCH_MUTATION_TIMINGS: paths.timings });
  if (strykerExit !== 0) fail(STRYKER_FAILED(strykerExit));
  const known = await fingerprints();
  for (const file of scope) known[file] = fingerprint;
  await writeFile(paths.suiteFingerprint, `${JSON.stringify({ sources: SUITE_SOURCES, files: known }, null, 2)}\n`);
  if (options.files.length === 0) await proofRun(options.concurrency);
  seconds = (performance.now() - started) / 1000;
}

const report = mutationReportSchema.parse(JSON.parse(await readFile(paths.json, 'utf8')));
const proofs = PROMISES.flatMap((promise) =>
  promise.proofs.flatMap((proof) => ('mutant' in proof ? [{ promiseId: promise.id, mutant: proof.mutant }] : [])),
);
const judgement = judge(report, MUTATION_EXCEPTIONS, proofs);
const proofProblems = await judgeLastProofRun();
const problems = [...judgement.problems, ...(proofProblems ?? [])];
if (!proofProblems)
  judgement.notes.push('The proofs were not yet run against their own checks: npm run mutation -- --proofs (a run of every file does it).');
const timing = await timings();
const currentSuite = await suiteFingerprint();
const knownSuites = await fingerprints();
const olderSuite = Object.keys(report.files).filter((file) => knownSuites[file] !== currentSuite);
if (olderSuite.length > 0) {
  judgement.notes.push(
    `The critical suite changed since these files were run, so their survivors may be killed now: ${olderSuite.join(', ')} (the next run that includes them tests their survivors again).`,
  );
}

const width = Math.max(...Object.keys(judgement.files).map((file) => file.length), 5);
const lines = [
  '',
  `Mutation score per file (killed / (valid − excepted); the bar is ${MIN_SCORE} % in total):`,
  ...Object.entries(judgement.files).map(([file, score]) => scoreLine(file, score, width)),
  scoreLine('total', judgement.total, width),
  '',
  options.judgeOnly
    ? `Judged the last run's report again: no mutant tested now (that run tested ${timing.runs}).`
    : `Run: ${seconds.toFixed(0)} s, ${timing.runs} mutants tested in this run${timing.meanSeconds === null ? '' : ` (${timing.meanSeconds.toFixed(1)} s per suite run, ${options.concurrency ?? 2} side by side)`}, the rest reused from earlier runs.`,
  `Reports: ${path.relative(process.cwd(), paths.html)}, ${path.relative(process.cwd(), paths.summary)}; ${judgement.survivors.length} survivors in ${path.relative(process.cwd(), paths.survivors)}.`,
  ...judgement.notes.map((note) => `Note: ${note}`),
];
process.stdout.write(`${lines.join('\n')}\n`);

await writeFile(paths.survivors, judgement.survivors.map(survivorLine).join('\n') + (judgement.survivors.length ? '\n' : ''));
await writeFile(
  paths.summary,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      passed: problems.length === 0,
      bar: { minScore: MIN_SCORE, maxExceptionShare: MAX_EXCEPTION_SHARE },
      total: judgement.total,
      files: judgement.files,
      exceptions: MUTATION_EXCEPTIONS.length,
      survivors: judgement.survivors.map(({ file, line, column, mutator, replacement, original, code }) => ({
        file,
        line,
        column,
        mutator,
        replacement,
        original,
        code,
      })),
      problems,
      notes: judgement.notes,
      run: {
        judgeOnly: options.judgeOnly,
        seconds: options.judgeOnly ? null : Math.round(seconds),
        mutantsTested: timing.runs,
        secondsPerSuiteRun: timing.meanSeconds === null ? null : Math.round(timing.meanSeconds * 10) / 10,
        dryRunSeconds: timing.dryRunSeconds === null ? null : Math.round(timing.dryRunSeconds * 10) / 10,
        files: options.files,
        force: options.force,
      },
    },
    null,
    2,
  )}\n`,
);

if (problems.length > 0) {
  process.stderr.write(`\nnpm run mutation failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `\nnpm run mutation passed: ${percent(judgement.total.score).trim()} of the mutants are killed by the critical suite.\n`,
);
