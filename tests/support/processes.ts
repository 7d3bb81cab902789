import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { createPortal, type PortalOptions } from '../../portal/app';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Every child process this worker started and that is still running: stopped by `stopStarted`, also after a timeout. */
const started = new Set<ChildProcess>();

/** Stops every portal and suite run this worker started and that still runs (a timed-out test leaves them behind). */
export async function stopStarted(): Promise<void> {
  await Promise.all([...started].map((child) => stop(child)));
}

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}
/**
 * Node with the tsx loader, as the npm scripts start the project's commands: one process, so a signal reaches the
 * command itself. (The tsx CLI is a second process that relays a signal and kills its child outright when the child
 * does not acknowledge it within 30 ms, which a busy machine does not always manage.)
 */
const TSX_LOADER = ['--import', 'tsx'];

/** A free TCP port on loopback, for a portal of one test. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('Could not get a free port.');
  return address.port;
}

export interface RunningPortal {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `npm run portal`'s entry point as its own process and waits until it answers HTTP. */
export async function startPortal(env: Record<string, string>): Promise<RunningPortal> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...TSX_LOADER, 'scripts/portal.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORTAL_PORT: String(port), PORTAL_HOST: '127.0.0.1', PORTAL_MODE: 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = collectOutput(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  // Polls until the portal answers at all (under instance-down it answers 503, which still counts as started).
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Portal exited with ${child.exitCode} at start:\n${output()}`);
    const answered = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (answered) return { url, output, stop: () => stop(child) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop(child);
  throw new Error(`Portal did not answer on ${url} within 20 s:\n${output()}`);
}

/**
 * scrypt's cost for the in-process portals of the project's tests: the fault matrix alone stores and checks hundreds
 * of passwords, which at the portal's own cost (about 50 ms of CPU each) would cost it seconds of both cores.
 */
export const TEST_PASSWORD_COST = 1024;

/**
 * A portal in this test's own process, on a free loopback port: what `npm run portal` serves, without the cost of
 * starting a process (the fault matrix starts one per scenario, and every test whose subject is not the portal's own
 * process uses one). `memberCount()` reads its store directly.
 */
export async function startPortalInProcess(
  options: Partial<Pick<PortalOptions, 'faults' | 'seedToken' | 'probeAccount'>>,
): Promise<RunningPortal & { memberCount(): number; account(email: string): { failedLogins: number; locked: boolean } | undefined }> {
  const portal = createPortal({ mode: 'development', faults: [], passwordCost: TEST_PASSWORD_COST, ...options });
  const server = await portal.start(0, '127.0.0.1');
  return {
    url: server.url,
    output: () => '',
    stop: () => portal.stop(),
    memberCount: () => portal.store.memberCount(),
    account: (email) => {
      const member = portal.store.memberByEmail(email);
      return member ? { failedLogins: member.failedLogins, locked: (member.lockedUntil ?? 0) > Date.now() } : undefined;
    },
  };
}

/** Collects a child's stdout and stderr as they come; the returned function reads what arrived so far. */
function collectOutput(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/**
 * This process's environment for a Playwright run nested in a test: without the worker variables Playwright set for
 * this run (TEST_*, PW_*, PLAYWRIGHT_*), which would make the nested run act as part of it.
 */
export function nestedRunEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TEST_|PW_|PLAYWRIGHT_)/.test(name)));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export interface CommandResult {
  exitCode: number;
  output: string;
}

/** Runs a command of the project (e.g. `scripts/smoke.ts`) with the tsx loader and collects its output. */
export function runTsx(script: string, args: string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  return runCommand(process.execPath, [...TSX_LOADER, script, ...args], { ...process.env, ...env });
}

/** Runs a command in the project's folder with exactly this environment, and collects its output. */
export async function runCommand(command: string, args: string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  const child = track(spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output = collectOutput(child);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { exitCode: code ?? 1, output: output() };
}

export interface StartedCommand {
  readonly child: ChildProcess;
  output(): string;
  /** The exit code once it ended (a signal counts as 128 + its number, as a shell says). */
  readonly exited: Promise<number>;
}

/** Starts a command of the project under tsx without waiting for it, for long-running modes (`--every`). */
export function startTsx(script: string, args: string[], env: Record<string, string | undefined>): StartedCommand {
  const child = track(
    spawn(process.execPath, [...TSX_LOADER, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const exited = once(child, 'exit').then(
    ([code, signal]) => (code as number | null) ?? 128 + (constants.signals[signal as NodeJS.Signals] ?? 0),
  );
  return { child, output: collectOutput(child), exited };
}
