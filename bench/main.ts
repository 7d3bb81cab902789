/**
 * `npm run bench [-- --repeat 5 --runs 50]`: measures the deploy gate against its floor on this machine and writes
 * reports/bench.json plus a table.
 *  1. `npm run smoke` against an already running portal (BASE_URL set) vs `bench/floor.ts`, interleaved, median of
 *     `--repeat` each: wall-clock and CPU of the whole process tree, and the ratio smoke / floor.
 *  2. A failing run (one fault switched on): how long after the last check ended the incident report is written.
 *  3. Peak memory (PSS of runner, workers and browsers together) during smoke runs of their own (sampling costs CPU).
 *  4. False alarms: `--runs` smoke runs in a row against the healthy portal; every red run is one.
 *  5. The probe: one `npm run probe` cycle against its floor (`floor.ts --probe`), and with `--every 15` and
 *     PROBE_CONFIRM_RUNS=2 the time from a fault switched on at run time to the PagerDuty trigger at a loopback
 *     receiver, and from the fault switched off to the resolve.
 * Targets: smoke ≤ 1.5 × floor wall; report ≤ 1 s after the run's end; peak memory ≤ 1 GiB; 0 false alarms;
 * probe cycle ≤ 1.5 × its floor; detect ≤ interval × confirm runs + one cycle. `--part gate|probe` runs one half.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { incidentSchema, reportPaths } from '../contract';
import { ROOT, startPortal } from '../tests/support/processes';
import { optionsOrUsage } from './args';
import { measure, median, type Measurement } from './measure';
import { BENCH_PROBE, pagerDutyEvents, probeCommand, probeEnv, setFaults, startProbe, startProbeReceivers, until } from './probe';

const USAGE = 'Usage: npm run bench -- [--repeat <n ≥ 1>] [--runs <n ≥ 0>] [--fault <portal fault>] [--part all|gate|probe]';

const values = optionsOrUsage(
  () =>
    parseArgs({
      options: {
        help: { type: 'boolean' },
        repeat: { type: 'string', default: '5' },
        runs: { type: 'string', default: '50' },
        fault: { type: 'string', default: 'diesel-price-wrong' },
        part: { type: 'string', default: 'all' },
      },
    }).values,
  USAGE,
);
const part = values.part;
const repeat = Number(values.repeat);
const runs = Number(values.runs);
if (!Number.isInteger(repeat) || repeat < 1 || !Number.isInteger(runs) || runs < 0 || !['all', 'gate', 'probe'].includes(part)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const TARGETS = { ratio: 1.5, reportAfterEndMs: 1000, peakMemoryBytes: 1024 ** 3, falseAlarms: 0, probeRatio: 1.5 };
const PROBE_INTERVAL_S = 15;
const CONFIRM_RUNS = 2;
const SEED_TOKEN = 'firewatch-bench-seed-token';
const reports = reportPaths(path.join(ROOT, 'reports'));
const runReports = path.join(reports.dir, 'bench-runs');
/** How `npm run smoke` starts a script: Node with the tsx loader (no launcher process in between). */
const tsx = [process.execPath, '--import', 'tsx'];

const portal = await startPortal({ SEED_TOKEN, PROBE_EMAIL: BENCH_PROBE.email, PROBE_PASSWORD: BENCH_PROBE.password });
const env = { ...process.env, BASE_URL: portal.url, TARGET_ENV: 'local', SEED_TOKEN, FIREWATCH_REPORTS_DIR: runReports, CI: '' };
const smoke = () => measure([...tsx, 'scripts/smoke.ts'], env);
/** Memory is sampled in runs of its own: reading every process's smaps costs CPU the timed runs must not pay. */
const MEMORY_RUNS = 3;
const smokeWithMemory = () => measure([...tsx, 'scripts/smoke.ts'], env, { sampleMemory: true });
const floor = () => measure([...tsx, 'bench/floor.ts'], env);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

const setFault = (active: string[]) => setFaults(portal.url, SEED_TOKEN, active);

function mustPass(what: string, result: Measurement): void {
  if (result.exitCode !== 0) throw new Error(`${what} exited ${result.exitCode} against a healthy portal:\n${result.output}`);
}
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
const row = (measure: string, value: string, target = '', verdict = '') =>
  say(`${measure.padEnd(44)} ${value.padEnd(16)} ${target.padEnd(14)} ${verdict}`);

/**
 * Runs `floorRun` and `subjectRun` alternately `repeat` times (after one warm-up of the subject), so both see the
 * same machine state; every run must pass.
 */
async function interleaved(label: string, floorRun: () => Promise<Measurement>, subject: string, subjectRun: () => Promise<Measurement>) {
  // Warm-up: Playwright's transform cache and the OS file cache, so the first measured run is not a cold start.
  mustPass(`warm-up ${subject}`, await subjectRun());
  const floors: Measurement[] = [];
  const subjects: Measurement[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const f = await floorRun();
    mustPass(`${label} floor`, f);
    floors.push(f);
    const s = await subjectRun();
    mustPass(subject, s);
    subjects.push(s);
    say(`  ${label} ${i + 1}/${repeat}: floor ${seconds(f.wallMs)} · ${subject} ${seconds(s.wallMs)}`);
  }
  return { floors, subjects };
}

/** Part A: the deploy gate against its floor, the failing run, memory, false alarms. */
async function gate() {
  const { floors: floorRuns, subjects: smokeRuns } = await interleaved('gate', floor, 'smoke', smoke);
  const smokeWall = median(smokeRuns.map((r) => r.wallMs));
  const floorWall = median(floorRuns.map((r) => r.wallMs));
  const smokeCpu = median(smokeRuns.map((r) => r.cpuMs));
  const floorCpu = median(floorRuns.map((r) => r.cpuMs));
  const memoryRuns: Measurement[] = [];
  for (let i = 0; i < MEMORY_RUNS; i += 1) {
    const run = await smokeWithMemory();
    mustPass('smoke (memory sampled)', run);
    memoryRuns.push(run);
  }
  const peakMemoryBytes = Math.max(...memoryRuns.map((r) => r.peakMemoryBytes ?? 0));

  await setFault([values.fault]);
  const failing = await smoke();
  await setFault([]);
  if (failing.exitCode !== 1)
    throw new Error(`The failing run (${values.fault}) exited ${failing.exitCode}, expected 1:\n${failing.output}`);
  const runPaths = reportPaths(runReports);
  const incident = incidentSchema.parse(JSON.parse(await readFile(runPaths.incidentJson, 'utf8')));
  // The run's end as the reports record it: when its last test ended, whichever flow it belonged to.
  const lastCheckEnded = Date.parse(incident.run.endedAt);
  const reportWrittenAt = (await stat(runPaths.incidentMd)).mtimeMs;
  const failingRun = {
    fault: values.fault,
    title: incident.title,
    wallMs: Math.round(failing.wallMs),
    reportAfterRunEndMs: Math.round(reportWrittenAt - lastCheckEnded),
    exitAfterRunEndMs: Math.round(failing.endedAt - lastCheckEnded),
  };

  const falseAlarms: { run: number; exitCode: number; output: string }[] = [];
  for (let i = 1; i <= runs; i += 1) {
    const result = await smoke();
    if (result.exitCode !== 0) {
      falseAlarms.push({ run: i, exitCode: result.exitCode, output: result.output.slice(-1500) });
      say(`  healthy run ${i}/${runs}: exit ${result.exitCode} (false alarm)`);
    } else if (i % 10 === 0) {
      say(`  healthy runs ${i}/${runs}: ${falseAlarms.length} false alarm(s) so far`);
    }
  }
  return {
    smoke: { wallMs: Math.round(smokeWall), cpuMs: Math.round(smokeCpu), runsMs: smokeRuns.map((r) => Math.round(r.wallMs)) },
    floor: { wallMs: Math.round(floorWall), cpuMs: Math.round(floorCpu), runsMs: floorRuns.map((r) => Math.round(r.wallMs)) },
    ratio: { wall: +(smokeWall / floorWall).toFixed(2), cpu: +(smokeCpu / floorCpu).toFixed(2) },
    failingRun,
    peakMemoryBytes,
    falseAlarms: { runs, count: falseAlarms.length, details: falseAlarms },
    met: {
      ratio: smokeWall / floorWall <= TARGETS.ratio,
      reportAfterRunEnd: failingRun.reportAfterRunEndMs <= TARGETS.reportAfterEndMs,
      peakMemory: peakMemoryBytes <= TARGETS.peakMemoryBytes,
      falseAlarms: falseAlarms.length === TARGETS.falseAlarms,
    },
  };
}

/** Part B: one probe cycle against its floor, then time to detect and to resolve with --every 15. */
async function probe() {
  const probeReports = path.join(reports.dir, 'bench-probe');
  const cycle = () => measure(probeCommand(), probeEnv(portal.url, probeReports));
  const probeFloor = () => measure([...tsx, 'bench/floor.ts', '--probe'], env);
  const { floors, subjects: cycles } = await interleaved('probe', probeFloor, 'cycle', cycle);
  const cycleWall = median(cycles.map((r) => r.wallMs));
  const floorWall = median(floors.map((r) => r.wallMs));

  const receivers = await startProbeReceivers();
  const detectReports = path.join(reports.dir, 'bench-detect');
  await rm(detectReports, { recursive: true, force: true });
  const running = startProbe(
    ['--every', String(PROBE_INTERVAL_S)],
    probeEnv(portal.url, detectReports, { ...receivers.env, PROBE_CONFIRM_RUNS: String(CONFIRM_RUNS) }),
  );
  try {
    const history = reportPaths(detectReports).probe.history;
    const runsRecorded = async () => (await readFile(history, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    await until('the first healthy probe run', async () => ((await runsRecorded()) >= 1 ? true : undefined), 5 * 60_000);
    const faultOn = Date.now();
    await setFault([values.fault]);
    const trigger = await until(
      'the PagerDuty trigger',
      () => pagerDutyEvents(receivers.pagerduty).find((e) => e.action === 'trigger'),
      10 * 60_000,
    );
    const faultOff = Date.now();
    await setFault([]);
    const resolve = await until(
      'the PagerDuty resolve',
      () => pagerDutyEvents(receivers.pagerduty).find((e) => e.action === 'resolve'),
      10 * 60_000,
    );
    const detectMs = trigger.at - faultOn;
    const detectTargetMs = PROBE_INTERVAL_S * 1000 * CONFIRM_RUNS + cycleWall;
    return {
      cycle: {
        wallMs: Math.round(cycleWall),
        cpuMs: Math.round(median(cycles.map((r) => r.cpuMs))),
        runsMs: cycles.map((r) => Math.round(r.wallMs)),
      },
      floor: {
        wallMs: Math.round(floorWall),
        cpuMs: Math.round(median(floors.map((r) => r.cpuMs))),
        runsMs: floors.map((r) => Math.round(r.wallMs)),
      },
      ratio: +(cycleWall / floorWall).toFixed(2),
      detect: {
        fault: values.fault,
        everySeconds: PROBE_INTERVAL_S,
        confirmRuns: CONFIRM_RUNS,
        detectMs,
        detectTargetMs: Math.round(detectTargetMs),
        resolveMs: resolve.at - faultOff,
        flow: trigger.component,
        dedupKey: trigger.dedupKey,
        sameKeyOnResolve: resolve.dedupKey === trigger.dedupKey,
        triggers: pagerDutyEvents(receivers.pagerduty).filter((e) => e.action === 'trigger').length,
      },
      met: { probeRatio: cycleWall / floorWall <= TARGETS.probeRatio, detect: detectMs <= detectTargetMs },
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\nProbe output (end):\n${running.output().slice(-3000)}`, { cause: error });
  } finally {
    await running.stop();
    await receivers.close();
  }
}

try {
  const gateResult = part === 'probe' ? undefined : await gate();
  const probeResult = part === 'gate' ? undefined : await probe();
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    repeat,
    ...(gateResult ? { gate: gateResult } : {}),
    ...(probeResult ? { probe: probeResult } : {}),
    targets: TARGETS,
  };
  await mkdir(reports.dir, { recursive: true });
  await writeFile(reports.bench, `${JSON.stringify(result, null, 2)}\n`);

  say('');
  row('measure', 'value', 'target', '');
  if (gateResult) {
    const g = gateResult;
    row(`smoke wall (median of ${repeat})`, seconds(g.smoke.wallMs));
    row(`floor wall (median of ${repeat})`, seconds(g.floor.wallMs));
    row('smoke / floor, wall', `${g.ratio.wall} ×`, `≤ ${TARGETS.ratio} ×`, mark(g.met.ratio));
    row('smoke / floor, CPU', `${g.ratio.cpu} ×`, `(${seconds(g.smoke.cpuMs)} vs ${seconds(g.floor.cpuMs)})`);
    row('failing run: report after last check', `${g.failingRun.reportAfterRunEndMs} ms`, '≤ 1000 ms', mark(g.met.reportAfterRunEnd));
    row('failing run: exit after last check', `${g.failingRun.exitAfterRunEndMs} ms`);
    row('peak memory (PSS, whole tree)', `${Math.round(g.peakMemoryBytes / 1024 ** 2)} MiB`, '≤ 1024 MiB', mark(g.met.peakMemory));
    row(`false alarms in ${runs} healthy runs`, String(g.falseAlarms.count), '0', mark(g.met.falseAlarms));
  }
  if (probeResult) {
    const p = probeResult;
    row(`probe cycle wall (median of ${repeat})`, seconds(p.cycle.wallMs));
    row(`probe floor wall (median of ${repeat})`, seconds(p.floor.wallMs));
    row('probe cycle / floor, wall', `${p.ratio} ×`, `≤ ${TARGETS.probeRatio} ×`, mark(p.met.probeRatio));
    row(
      `fault on → PagerDuty trigger (--every ${PROBE_INTERVAL_S})`,
      seconds(p.detect.detectMs),
      `≤ ${seconds(p.detect.detectTargetMs)}`,
      mark(p.met.detect),
    );
    row('fault off → PagerDuty resolve', seconds(p.detect.resolveMs));
    row('triggers for the one outage', String(p.detect.triggers), '1', mark(p.detect.triggers === 1));
  }
  say(`\nWritten: ${path.relative(process.cwd(), reports.bench)}`);
  const met = [...Object.values(gateResult?.met ?? {}), ...Object.values(probeResult?.met ?? {})];
  process.exitCode = met.every(Boolean) ? 0 : 1;
} catch (error) {
  process.stderr.write(`Benchmark failed: ${(error as Error).message}\n`);
  process.exitCode = 2;
} finally {
  await portal.stop();
}
