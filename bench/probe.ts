import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { ROOT } from '../tests/support/processes';
import { PAGERDUTY_ACCEPTED, startReceiver, type Receiver } from '../tests/support/receiver';

/** The synthetic probe account the benchmark's portal is started with. */
export const BENCH_PROBE = { email: 'probe@elbtal-agrar.de', password: 'Bench-Probe-Passwort-2026' } as const;
/** A made-up PagerDuty routing key (32 characters, as PagerDuty requires). */
const ROUTING_KEY = 'BenchR0ut1ngK3yBenchR0ut1ngK3y32';

/** Loopback receivers for the probe's three channels and the environment that points the probe at them. */
export interface ProbeReceivers {
  pagerduty: Receiver;
  slack: Receiver;
  webhook: Receiver;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts PagerDuty, Slack and webhook stand-ins on loopback. */
export async function startProbeReceivers(): Promise<ProbeReceivers> {
  const [pagerduty, slack, webhook] = await Promise.all([startReceiver(PAGERDUTY_ACCEPTED), startReceiver(), startReceiver()]);
  return {
    pagerduty,
    slack,
    webhook,
    env: {
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: `${pagerduty.url}/v2/enqueue`,
      SLACK_WEBHOOK_URL: `${slack.url}/services/TBENCH/BBENCH/benchSlackPath`,
      WEBHOOK_URL: `${webhook.url}/hooks/bench`,
    },
    close: async () => {
      await Promise.all([pagerduty.close(), slack.close(), webhook.close()]);
    },
  };
}

/** The environment of a production-safe probe against `baseURL`, writing its reports to `reportsDir`. */
export function probeEnv(baseURL: string, reportsDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BASE_URL: baseURL,
    TARGET_ENV: 'production',
    PROBE_EMAIL: BENCH_PROBE.email,
    PROBE_PASSWORD: BENCH_PROBE.password,
    SEED_TOKEN: '',
    FIREWATCH_REPORTS_DIR: reportsDir,
    PROBE_LOCATION: 'bench',
    CI: '',
    ...extra,
  };
}

/** The probe's command line: node with the tsx loader, so signals reach the probe itself. */
export const probeCommand = (args: string[] = []) => [process.execPath, '--import', 'tsx', path.join(ROOT, 'probe/main.ts'), ...args];

/** Starts a long-running probe (`--every`) as a child process; its output is kept for error messages. */
export function startProbe(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output(): string; stop(): Promise<void> } {
  const [command, ...rest] = probeCommand(args) as [string, ...string[]];
  const child = spawn(command, rest, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Switches the portal's faults at run time through its admin API. */
export async function setFaults(baseURL: string, token: string, active: readonly string[]): Promise<void> {
  const response = await fetch(`${baseURL}/api/admin/faults`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ active }),
  });
  if (!response.ok) throw new Error(`Switching faults to [${active.join(', ')}] failed: ${response.status} ${await response.text()}`);
}

/** Waits until `check` returns a value, polling every 200 ms; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`);
    // Often enough that a measured time is off by at most this much.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** PagerDuty events a receiver accepted, as action and dedup key. */
export function pagerDutyEvents(receiver: Receiver): { action: string; dedupKey: string; component: string; at: number }[] {
  return receiver.accepted().map((entry) => {
    const event = entry.json as { event_action?: string; dedup_key?: string; payload?: { component?: string } };
    return { action: event.event_action ?? '', dedupKey: event.dedup_key ?? '', component: event.payload?.component ?? '', at: entry.at };
  });
}
