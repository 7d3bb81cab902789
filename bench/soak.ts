/**
 * `npm run soak [-- --cycles 200 --latency 0-800 --max-minutes 120]`: the probe's false-alarm and detection test.
 *  1. `--cycles` probe runs back to back against a healthy portal that adds random latency to every response:
 *     every PagerDuty trigger is a false alarm (must be 0); flows that failed and passed on their recheck are
 *     counted as false alarms the recheck saved.
 *  2. Each fault of the portal's catalogue switched on at run time, once: the probe must trigger exactly once per
 *     root-cause flow the fault breaks (the fault matrix's expectation), on that flow, and resolve after it is off.
 * Loopback only; bounded by the cycle count and `--max-minutes`. Writes reports/soak.json and prints a table.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reportPaths } from '../contract';
import { dependenciesOf, FLOWS } from '../flows';
import { FAULTS } from '../portal/faults';
import { readHistory } from '../probe/history';
import { EXPECTED_BROKEN } from '../tests/matrix/expected';
import { ROOT, startPortal } from '../tests/support/processes';
import { optionsOrUsage } from './args';
import { measure } from './measure';
import { BENCH_PROBE, pagerDutyEvents, probeCommand, probeEnv, setFaults, startProbeReceivers } from './probe';

const USAGE = 'Usage: npm run soak -- [--cycles <n ≥ 0>] [--latency <ms>|<min>-<max>] [--max-minutes <m>] [--faults a,b]';
const values = optionsOrUsage(
  () =>
    parseArgs({
      options: {
        help: { type: 'boolean' },
        cycles: { type: 'string', default: '200' },
        latency: { type: 'string', default: '0-800' },
        'max-minutes': { type: 'string', default: '120' },
        faults: { type: 'string' },
      },
    }).values,
  USAGE,
);
const cycles = Number(values.cycles);
const maxMinutes = Number(values['max-minutes']);
const faults = values.faults ? values.faults.split(',').map((name) => name.trim()) : [...FAULTS];
const unknown = faults.filter((name) => !(FAULTS as readonly string[]).includes(name));
if (!Number.isInteger(cycles) || cycles < 0 || !(maxMinutes > 0) || !/^\d+(-\d+)?$/.test(values.latency ?? '') || unknown.length > 0) {
  process.stderr.write(`${USAGE}${unknown.length ? ` (unknown fault: ${unknown.join(', ')})` : ''}\n`);
  process.exit(2);
}

const SEED_TOKEN = 'firewatch-soak-seed-token';
const CONFIRM_RUNS = 2;
const deadline = Date.now() + maxMinutes * 60_000;
const say = (line: string) => process.stdout.write(`${line}\n`);
const reports = reportPaths(path.join(ROOT, 'reports'));
const soakReports = path.join(reports.dir, 'soak');
const soakFile = path.join(reports.dir, 'soak.json');

/**
 * Faults only checks that are not production-safe can show, so the deploy gate catches them (the fault matrix proves
 * it) and the probe must stay silent: refused orders would be writes to production, and wrong passwords would lock the
 * synthetic account after five tries.
 */
const GATE_ONLY: readonly string[] = ['diesel-server-accepts-invalid', 'login-error-message-missing'];

/** The flows a fault must raise an alert for: the broken flows none of whose dependencies is broken too. */
function expectedRoots(fault: string): string[] {
  if (GATE_ONLY.includes(fault)) return [];
  const broken = (EXPECTED_BROKEN as Record<string, readonly string[]>)[fault] ?? [];
  return broken.filter((id) => !dependenciesOf(id, FLOWS).some((dependency) => broken.includes(dependency)));
}

await rm(soakReports, { recursive: true, force: true });
const portal = await startPortal({
  SEED_TOKEN,
  PROBE_EMAIL: BENCH_PROBE.email,
  PROBE_PASSWORD: BENCH_PROBE.password,
  PORTAL_LATENCY_MS: values.latency ?? '',
});
const receivers = await startProbeReceivers();
const env = probeEnv(portal.url, soakReports, { ...receivers.env, PROBE_CONFIRM_RUNS: String(CONFIRM_RUNS) });
const cycle = async () => {
  if (Date.now() > deadline) throw new Error(`stopped after --max-minutes ${maxMinutes}`);
  return measure(probeCommand(), env);
};
const triggers = () => pagerDutyEvents(receivers.pagerduty).filter((event) => event.action === 'trigger');
const resolves = () => pagerDutyEvents(receivers.pagerduty).filter((event) => event.action === 'resolve');

let stoppedEarly: string | undefined;
const healthy = { cycles: 0, red: 0, suiteErrors: 0, falseAlarms: 0, savedByRecheck: 0, wallMs: [] as number[] };
const detections: {
  fault: string;
  expected: string[];
  triggered: string[];
  triggers: number;
  resolved: boolean;
  cycles: number;
  ok: boolean;
}[] = [];
try {
  for (let i = 1; i <= cycles; i += 1) {
    const run = await cycle();
    healthy.cycles = i;
    healthy.wallMs.push(Math.round(run.wallMs));
    if (run.exitCode === 1) healthy.red += 1;
    if (run.exitCode >= 2) healthy.suiteErrors += 1;
    if (i % 10 === 0 || run.exitCode !== 0)
      say(`  healthy cycle ${i}/${cycles}: exit ${run.exitCode}, ${triggers().length} trigger(s) so far`);
  }
  const history = await readHistory(reportPaths(soakReports).probe.history);
  healthy.savedByRecheck = history.reduce((sum, line) => sum + line.flows.filter((flow) => flow.status === 'flaky').length, 0);
  healthy.falseAlarms = triggers().length;

  for (const fault of faults) {
    const expected = expectedRoots(fault);
    const before = triggers().length;
    await setFaults(portal.url, SEED_TOKEN, [fault]);
    let used = 0;
    // Confirmation needs CONFIRM_RUNS failed runs; one more run's grace for a failure that shows late.
    while (used < CONFIRM_RUNS + 1 && triggers().length - before < Math.max(1, expected.length)) {
      await cycle();
      used += 1;
    }
    const raised = triggers().slice(before);
    await setFaults(portal.url, SEED_TOKEN, []);
    const keys = new Set(raised.map((event) => event.dedupKey));
    for (let off = 0; off < 2 && [...keys].some((key) => !resolves().some((event) => event.dedupKey === key)); off += 1) {
      await cycle();
      used += 1;
    }
    const triggered = raised.map((event) => event.component).sort();
    const resolved = [...keys].every((key) => resolves().some((event) => event.dedupKey === key));
    const ok = JSON.stringify(triggered) === JSON.stringify([...expected].sort()) && resolved;
    detections.push({ fault, expected, triggered, triggers: raised.length, resolved, cycles: used, ok });
    say(
      `  ${fault}: ${ok ? 'detected' : 'NOT as expected'}: triggered [${triggered.join(', ')}], expected [${expected.join(', ')}], ${resolved ? 'resolved' : 'not resolved'} (${used} cycles)`,
    );
  }
} catch (error) {
  stoppedEarly = (error as Error).message;
  say(`Soak stopped early: ${stoppedEarly}`);
} finally {
  await setFaults(portal.url, SEED_TOKEN, []).catch(() => undefined);
  await receivers.close();
  await portal.stop();
}

const sorted = [...healthy.wallMs].sort((a, b) => a - b);
const result = {
  measuredAt: new Date().toISOString(),
  latencyMs: values.latency,
  confirmRuns: CONFIRM_RUNS,
  healthy: {
    ...healthy,
    wallMs: undefined,
    medianCycleMs: sorted[Math.floor(sorted.length / 2)] ?? null,
    maxCycleMs: sorted.at(-1) ?? null,
  },
  detections,
  ...(stoppedEarly ? { stoppedEarly } : {}),
  met: {
    noFalseAlarms: healthy.falseAlarms === 0,
    everyFaultDetectedOnce: detections.length === faults.length && detections.every((d) => d.ok),
  },
};
await mkdir(reports.dir, { recursive: true });
await writeFile(soakFile, `${JSON.stringify(result, null, 2)}\n`);

say('');
say(`healthy cycles (latency ${values.latency} ms)  ${healthy.cycles}`);
say(`false alarms (PagerDuty triggers)         ${healthy.falseAlarms}   target 0   ${result.met.noFalseAlarms ? 'met' : 'MISSED'}`);
say(`unconfirmed red runs                      ${healthy.red}`);
say(`suite errors                              ${healthy.suiteErrors}`);
say(`failures saved by the recheck (flaky)     ${healthy.savedByRecheck}`);
say(
  `median / max cycle                        ${((result.healthy.medianCycleMs ?? 0) / 1000).toFixed(1)} s / ${((result.healthy.maxCycleMs ?? 0) / 1000).toFixed(1)} s`,
);
say('');
say(`${'fault'.padEnd(32)} ${'expected'.padEnd(34)} ${'triggered'.padEnd(34)} resolved`);
for (const d of detections) {
  say(
    `${`${d.ok ? '✓' : '✗'} ${d.fault}`.padEnd(32)} ${d.expected.join(', ').padEnd(34)} ${d.triggered.join(', ').padEnd(34)} ${d.resolved ? 'yes' : 'no'}`,
  );
}
say(`\nWritten: ${path.relative(process.cwd(), soakFile)}`);
process.exitCode = stoppedEarly ? 2 : Object.values(result.met).every(Boolean) ? 0 : 1;
