import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { readIncident, readSummary } from '../../contract';

/**
 * The critical suite as Stryker's command runner runs it (stryker.config.mjs), once without a mutant and once per mutant,
 * in Stryker's sandbox. Exits 0 only when every critical flow passed (Playwright exited 0 and summary.json says
 * `passed`, so a check skipped as blocked still counts as the failure the reporter makes of it), else 1: the mutant is
 * killed.
 *
 * Stryker's command runner starts every command from its own process with the same environment, so the runs side by
 * side (`concurrency`) cannot be told apart by STRYKER_MUTATOR_WORKER (set only for Stryker's child-process runners). Each
 * run therefore takes a free slot itself: it holds the slot's lock port while it runs (the operating system frees it
 * when the run ends or is killed), and the slot gives the bundled portal its port and the run its own reports folder.
 * CI=1 makes Playwright refuse a portal already listening there instead of reusing another run's portal.
 *
 * The proof run (`npm run mutation -- --proofs`, scripts/mutation/proofs.ts) sets FIREWATCH_MUTATION_PROOF_RUNS to a
 * folder: then every check runs (no stop at the first failure) and each mutant's run records there which checks failed,
 * so a promise's proof mutant is shown killed by the promise's own checks, not just by the suite.
 */

/** The bundled portal of slot n listens on PORTAL_PORT_BASE + n; the run holding slot n listens on LOCK_PORT_BASE + n. */
const PORTAL_PORT_BASE = 47_300;
const LOCK_PORT_BASE = 47_350;
const SLOTS = 16;
/** How long a freshly taken slot waits for a portal of a killed earlier run to let go of the slot's port. */
const PORT_RELEASE_WAIT_MS = 10_000;

const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

/** Listens on a loopback port, or resolves undefined when it is taken. */
function listen(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Whether the port can be listened on now, waiting up to `waitMs` for it to become free. */
async function portFree(port: number, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const probe = await listen(port);
    if (probe) {
      await close(probe);
      return true;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The first slot whose lock this process can take and whose portal port is free; the lock is held until exit. */
async function takeSlot(): Promise<{ slot: number; lock: Server }> {
  for (let slot = 0; slot < SLOTS; slot += 1) {
    const lock = await listen(LOCK_PORT_BASE + slot);
    if (!lock) continue;
    if (await portFree(PORTAL_PORT_BASE + slot, PORT_RELEASE_WAIT_MS)) return { slot, lock };
    await close(lock);
  }
  throw new Error(
    `No free mutation slot: ports ${LOCK_PORT_BASE}-${LOCK_PORT_BASE + SLOTS - 1} (locks) or ${PORTAL_PORT_BASE}-${PORTAL_PORT_BASE + SLOTS - 1} (portals) are all in use. Lower Stryker's concurrency or stop what listens there.`,
  );
}

const started = performance.now();
const { slot, lock } = await takeSlot();
const reportsDir = path.join('reports', 'mutation-runs', `slot-${slot}`);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  // The bundled portal, healthy, on this slot's port; never a portal another run started (CI: no reuseExistingServer).
  CI: '1',
  BASE_URL: '',
  TARGET_ENV: 'local',
  PORTAL_FAULTS: '',
  PORTAL_PORT: String(PORTAL_PORT_BASE + slot),
  KEEP_TEST_DATA: 'false',
  FIREWATCH_REPORTS_DIR: reportsDir,
  FIREWATCH_LEAN_REPORTERS: '1',
};
const proofRuns = process.env.FIREWATCH_MUTATION_PROOF_RUNS;
// A summary.json or incident left by this slot's previous run must never judge this one.
await rm(path.join(reportsDir, 'summary.json'), { force: true });
await rm(path.join(reportsDir, 'incident'), { recursive: true, force: true });
// One worker per run: two runs side by side keep both cores busy (see stryker.config.mjs). No retry: a mutant that
// fails a check once is caught, and the first failure ends the run (the proof run wants every failing check).
const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', '--workers=1', '--retries=0', ...(proofRuns ? [] : ['--max-failures=1'])], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env,
});
// Stryker's command runner shows none of it: the run's own output is kept beside its reports (the last run per slot).
const output: Buffer[] = [];
child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
await mkdir(reportsDir, { recursive: true });
await writeFile(path.join(reportsDir, 'run.log'), Buffer.concat(output));
await close(lock);

const summary = await readSummary(reportsDir).catch((error: Error) => error);
let verdict: string;
if (summary instanceof Error) verdict = `no readable summary.json in ${reportsDir} (${summary.message})`;
else {
  const failed = summary.flows.filter((flow) => flow.status !== 'passed' && flow.status !== 'skipped').map((flow) => flow.id);
  verdict = `verdict ${summary.verdict}${failed.length > 0 ? ` (flows not passed: ${failed.join(', ')})` : ''}`;
}
const passed = code === 0 && !(summary instanceof Error) && summary.verdict === 'passed';
const seconds = (performance.now() - started) / 1000;
const mutant = process.env.__STRYKER_ACTIVE_MUTANT__ ?? 'none';
process.stdout.write(
  `\nMutation run (mutant ${mutant}, slot ${slot}): Playwright exited ${code ?? signal}, ${verdict}, ${seconds.toFixed(1)} s: ${passed ? 'survived' : 'killed'}\n`,
);
if (proofRuns && mutant !== 'none') {
  // Every check of an affected flow that did not pass, by its title in incident.json ("group › title").
  const incident = await readIncident(reportsDir).catch(() => undefined);
  const checks = (incident?.incident.flows ?? []).flatMap((flow) =>
    flow.tests.map((test) => ({ title: test.title, outcome: test.outcome })),
  );
  await mkdir(proofRuns, { recursive: true });
  await writeFile(path.join(proofRuns, `${mutant}.json`), `${JSON.stringify({ mutant, passed, checks })}\n`);
  await writeFile(path.join(proofRuns, `${mutant}.log`), Buffer.concat(output));
}
// scripts/mutation/main.ts asks for one line per run, to measure the time per mutant.
if (process.env.FIREWATCH_MUTATION_TIMINGS) {
  await appendFile(process.env.FIREWATCH_MUTATION_TIMINGS, `${JSON.stringify({ mutant, slot, seconds, passed })}\n`);
}
process.exit(passed ? 0 : 1);
